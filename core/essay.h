/* essay.h -- libessay, the one public header of the essay search engine.
 *
 * libessay indexes essays (UTF-8 text files, one essay a file, with an
 * optional "key: value" header) one paragraph per document in a Xapian
 * index, and answers ranked (BM25) queries with snippets.  essay-index and
 * essay-search are thin programs over this header; so can yours be.
 *
 * Ownership, once for the whole header:
 *   - _new/_open give you a handle; _free/_close take it back and accept NULL.
 *   - A returned `const char *` (or pointer to a struct) belongs to the
 *     handle it came from and stays valid until the handle is freed.
 *   - A returned `char *` is yours: release it with free().
 *   - Output parameters come last and are set on every path (NULL on failure).
 *   - `char **err`, where a function takes one, receives on failure a
 *     malloc'd one-line message (naming the file, line, byte or query column
 *     at fault) that the caller free()s; pass NULL if you do not want it.
 *
 * Text is UTF-8.  Byte offsets are `size_t start, end`, end exclusive.
 * There is no global state: handles may be used from several threads, one
 * thread per handle at a time.
 */
#ifndef ESSAY_H
#define ESSAY_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What this header declares is libessay's API, and all it exports: the
 * library is built with -fvisibility=hidden, so only the declarations
 * between these two pragmas are visible outside it. */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(default)
#endif

/* The version of the library and of the programs, written here alone (the
 * Makefile reads it for the shared library's name and libessay.pc). */
#define ESSAY_VERSION "0.1.0"

typedef enum {
    ESSAY_OK = 0,
    ESSAY_NOMEM,        /* out of memory */
    ESSAY_IO,           /* a file (an essay, a stub file, ...) could not be read or written,
                           or a remote shard reached; the message says which and why */
    ESSAY_BAD_INPUT,    /* an essay is not UTF-8 text, or holds a NUL byte (the message names
                           the file and the byte) */
    ESSAY_BAD_QUERY,    /* the query cannot be parsed, or goes past a limit (the message gives
                           the column) */
    ESSAY_NO_INDEX,     /* there is no index at the path, or none finished yet */
    ESSAY_INCOMPATIBLE, /* the index was built by an incompatible version, or its shards
                           disagree: rebuild it */
    ESSAY_LOCKED,       /* another writer holds the index */
    ESSAY_XAPIAN,       /* the index could not be read or written: it is damaged, the disk
                           is full, ...; the message has Xapian's text and the system's
                           reason */
    ESSAY_NOT_FOUND,    /* what the call names is not in the index: no indexed paragraph at a
                           line, an anchor's essay or paragraph gone */
    ESSAY_DONE,         /* essay_results_next() past the last hit; no other call returns it,
                           and it is not an error */
    ESSAY_INTERRUPTED,  /* stopped when asked (essay_update_options.stop); the message says
                           what was kept */
    ESSAY_BAD_ARGUMENT, /* an argument is not what the call takes: an unknown language,
                           format or style, a malformed tcp:// address or anchor, a path
                           that holds something else than an index, too many shards, results
                           of the wrong kind; the message says what it is (last, so that
                           no other status changed its number) */
} essay_status;

/* A static description of 's'. */
const char *essay_strerror(essay_status s);

/* The name of 's' for scripts, static: the enum's name in lower case without
 * "ESSAY_" ("bad_query" for ESSAY_BAD_QUERY, "no_index", ...).  essay-search
 * writes it as the "kind" of an error in JSON (essay_error_write()). */
const char *essay_status_name(essay_status s);

/* ---------------------------------------------------------------------------
 * The analyzer: text -> terms.  The indexer, the query parser and the
 * highlighter all use it, so they cannot disagree.
 *
 * A word is a run of letters, digits and combining marks, with apostrophes
 * (straight or curly) inside it kept; it is NFKC-normalised, case-folded and
 * stripped of accents ("Türkiye" -> "turkiye"), then stemmed.  Numbers are
 * words: "800,000" -> "800000", "4.5" stays "4.5".  A hyphenated word
 * ("values-based") yields the whole ("valuesbased", flagged
 * ESSAY_TOKEN_WHOLE) and then each part ("values", "based") at consecutive
 * positions; the whole shares the first part's position.
 */
typedef struct essay_analyzer essay_analyzer;

#define ESSAY_TOKEN_WHOLE 1u   /* the joined whole of a hyphenated word */
#define ESSAY_TOKEN_CAPITAL 2u /* its first letter is a capital ("Thoreau", "Anglo-Saxon"'s parts) */
#define ESSAY_TOKEN_SENTENCE_START 4u  /* the first word of the text or of a sentence (after
                                          . ! ? : or a double quote), where a capital says
                                          nothing of the word */

typedef struct {
    size_t start, end;      /* bytes of the word in the analysed text */
    const char *term;       /* folded, unstemmed form (NUL-terminated) */
    size_t term_len;
    const char *stem;       /* the stem of 'term' (NUL-terminated) */
    size_t stem_len;
    unsigned position;      /* word position, from 0 */
    unsigned flags;         /* ESSAY_TOKEN_* */
} essay_token;

/* Called once per token; the token and its strings are valid only during the
 * call.  Return non-zero to stop the analysis. */
typedef int (*essay_token_fn)(const essay_token *token, void *ctx);

/* A new analyzer stemming for 'language' (a Snowball name: "english",
 * "french", ...; "none" for no stemming).
 * Returns ESSAY_OK, ESSAY_NOMEM, or ESSAY_BAD_ARGUMENT for an unknown language. */
essay_status essay_analyzer_new(const char *language, essay_analyzer **an);
void essay_analyzer_free(essay_analyzer *an);

/* The language the analyzer stems for (borrowed). */
const char *essay_analyzer_language(const essay_analyzer *an);

/* Tokenise 'text' and call 'fn' for every token, in order.  Bytes that are
 * not valid UTF-8 separate words; they are never an error here.
 * Returns ESSAY_OK (also when 'fn' stopped early) or ESSAY_NOMEM. */
essay_status essay_analyze(essay_analyzer *an, const char *text, size_t len,
                           essay_token_fn fn, void *ctx);

/* The stem of the first word of 'word' (folded and stemmed), or "" when it
 * holds no word.  Borrowed: valid until the next call on 'an'. */
const char *essay_analyzer_stem(essay_analyzer *an, const char *word, size_t len);

/* The language an essay may be written in, as libstemmer names it
 * ("french"), for 'name': such a name or an ISO 639-1 code ("fr"), in any
 * case; NULL when libstemmer stems no such language.  Static. */
const char *essay_language_name(const char *name);
/* The ISO 639-1 code of the language 'name' ("french" -> "fr"), or NULL. */
const char *essay_language_code(const char *name);
/* The i-th language an essay may be in (from 0), or NULL past the last. */
const char *essay_language_at(size_t i);

/* The index path to use when none is given: $ESSAY_INDEX if set, else
 * $XDG_DATA_HOME/essay-search/index, else ~/.local/share/essay-search/index.
 * Malloc'd; NULL when out of memory or no home directory is known. */
char *essay_default_index_path(void);

/* ---------------------------------------------------------------------------
 * Writing an index.
 */
typedef struct essay_index essay_index;

#define ESSAY_CREATE 1      /* create the index if there is none */
#define ESSAY_WAIT   2      /* wait for another writer instead of failing */
#define ESSAY_REBUILD 4     /* build a new index beside the old one (inheriting its language
                               and corpus paths); essay_index_close() swaps it in atomically */

/* Open the index at 'path' for update.  Without ESSAY_CREATE, a path that
 * holds no index yet (essay_index_kind() ESSAY_KIND_NONE: none there, or a
 * first build that did not finish) is ESSAY_NO_INDEX, "no index at 'PATH'
 * yet".  'language' is the stemming language of a new index
 * (NULL: "english"); an existing index keeps its own.
 * A second writer fails with ESSAY_LOCKED (the message names the other
 * writer's pid), or waits for it with ESSAY_WAIT.  The lock belongs to the
 * index's name: 'path' through a symbolic link or with a trailing slash is
 * the directory it leads to, where a rebuild is put in place.
 * To bound the memory Xapian takes, each open sets XAPIAN_FLUSH_THRESHOLD in
 * the environment (200 documents; 1000 for a rebuild), unless the program's
 * environment had it at the first: call it from one thread at a time.
 * Returns ESSAY_OK, ESSAY_NO_INDEX, ESSAY_LOCKED, ESSAY_INCOMPATIBLE, ESSAY_IO, ESSAY_XAPIAN,
 * ESSAY_NOMEM, or ESSAY_BAD_ARGUMENT for an unknown 'language'. */
essay_status essay_index_open(const char *path, int flags, const char *language,
                              essay_index **ix, char **err);

/* What is at an index path, as its files tell (nothing is opened). */
typedef enum {
    ESSAY_KIND_NONE,    /* no index yet: nothing, an empty directory, or one holding only
                           what a first build that did not finish leaves (essay-index's lock
                           files; the shards of a sharded index not yet listed) */
    ESSAY_KIND_INDEX,   /* an index (a Xapian database), or a damaged one: its tables
                           without its version file, or lacking a table */
    ESSAY_KIND_SHARDED, /* a sharded index (a directory with a Xapian stub file, XAPIANDB) */
    ESSAY_KIND_OTHER,   /* a file, or a directory of other files: not for an index */
} essay_kind;

/* What is at 'path'. */
essay_kind essay_index_kind(const char *path);

/* Remove what a writer that did not finish -- interrupted, killed, or cut
 * off by a power cut -- left at and beside the index at 'path': the
 * directories of a rebuild or a first build beside it (PATH.rebuild,
 * PATH.rebuild.partK, ...), and in a directory that holds no index yet the
 * lock files and unlisted shards of that first build; in a sharded index,
 * the rebuild directories of its shards.  The index itself is never
 * touched: Xapian's commits leave it whole, at its last commit.  Takes the
 * writer's lock for the time (waiting for another writer under ESSAY_WAIT
 * in 'flags'), so that nothing a live writer is building is removed.
 * Nothing is done at a path that is missing or holds what is not an index.
 * *removed: the paths removed, ", "-separated and malloc'd, or NULL when
 * there were none.
 * Returns ESSAY_OK, ESSAY_LOCKED, ESSAY_IO or ESSAY_NOMEM. */
essay_status essay_index_recover(const char *path, int flags, char **removed, char **err);

/* Commit what is pending and close; for a rebuild, put the new index in
 * place of the old one, atomically, and remove the old.  Accepts NULL.
 * Returns ESSAY_OK, ESSAY_XAPIAN or ESSAY_IO (the rebuild was not swapped in;
 * the old index is intact). */
essay_status essay_index_close(essay_index *ix, char **err);

/* Close without committing: what was not committed is discarded.  For a
 * rebuild or a new index (ESSAY_REBUILD), that is the whole unfinished
 * build beside it, and the index's directory too if essay_index_open() made
 * it and it holds no index. */
void essay_index_abandon(essay_index *ix);

/* What an update tells besides the change of each essay. */
typedef enum {
    /* Warnings: the essay is indexed, and the update goes on. */
    ESSAY_NOTICE_EMPTY = 1,     /* an essay file with no text (empty, blank, or a header
                                   alone): recorded, so it is not read again until it
                                   changes, with no paragraph; counted unchanged (or updated,
                                   when it had paragraphs, which are removed) */
    ESSAY_NOTICE_HEADER,        /* its header is not what it should be ('line' says where):
                                   its first line is "---" and no "---" line closes it
                                   within 50 lines (the file is read as text without that
                                   line); a date that cannot be read (the essay has none); a
                                   key given twice (the later wins); a language the indexer
                                   cannot stem (it is detected from the text) */
    /* An error, counted in essay_update_summary.skipped: */
    ESSAY_NOTICE_GONE,          /* a recorded corpus path cannot be read (moved, removed:
                                   'errnum' ENOENT; or another errno), or is a directory
                                   that holds no essay now ('errnum' 0); its 'essays' stay
                                   in the index, searchable, until 'command' forgets it */
    /* What the update does, told before it begins: */
    ESSAY_NOTICE_OLDER,         /* an older essay-index built the index (most of its essays
                                   are of an older reading): the update rebuilds it, as
                                   essay-index --rebuild does, compacted, every essay read
                                   again, rather than re-index each in place ('path': the
                                   index) */
} essay_notice_kind;

typedef struct {
    essay_notice_kind kind;
    const char *path;       /* the essay file, or the corpus path */
    unsigned line;          /* the line of 'path' concerned, from 1; 0: the whole of it */
    const char *message;    /* for a person, one line naming 'path' (and 'line') */
    size_t essays;          /* ESSAY_NOTICE_GONE: essays of 'path' that searches find */
    int errnum;             /* ESSAY_NOTICE_GONE: why it cannot be read; 0: it is
                               there but holds no essay now (emptied) */
    const char *command;    /* ESSAY_NOTICE_GONE: the essay-index command that forgets
                               'path' (its essays go); else NULL */
} essay_notice;

/* Called for each notice; 'notice' and its strings are valid during the call. */
typedef void (*essay_notice_fn)(const essay_notice *notice, void *ctx);

/* What happened to one essay in an update. */
typedef enum {
    ESSAY_UNCHANGED = 0,
    ESSAY_ADDED,
    ESSAY_UPDATED,
    ESSAY_REMOVED,
    ESSAY_SKIPPED,      /* an error: the essay's earlier paragraphs, if any, are kept */
    ESSAY_REREAD,       /* unchanged, but indexed by an older libessay, which read essays
                           into paragraphs differently: read again (the last; processes.c
                           checks the changes its children report against it) */
} essay_change;

/* Index the essay in the file at 'path' (made absolute), replacing its earlier
 * paragraphs if its content changed.  A file whose size and mtime match the
 * index is not read; one whose content hash matches is not re-indexed, unless
 * an older libessay indexed it (ESSAY_REREAD).
 * *change says what happened; *paragraphs how many paragraphs it now has.
 * Returns ESSAY_OK, ESSAY_IO, ESSAY_BAD_INPUT (not UTF-8 or binary: nothing
 * of it is changed in the index), ESSAY_XAPIAN or ESSAY_NOMEM. */
essay_status essay_index_add_file(essay_index *ix, const char *path, essay_change *change,
                                  size_t *paragraphs, char **err);

/* Index an essay from memory under the name 'path' (need not exist on disk). */
essay_status essay_index_add_buffer(essay_index *ix, const char *path, const char *text,
                                    size_t len, essay_change *change, size_t *paragraphs,
                                    char **err);

/* The first warning about the essay that the last essay_index_add_file() or
 * essay_index_add_buffer() on 'ix' read (an ESSAY_NOTICE_EMPTY or
 * ESSAY_NOTICE_HEADER notice), or NULL when there was none (a file not read
 * again, unchanged, has none).  Owned by 'ix', valid until its next call. */
const essay_notice *essay_index_warning(const essay_index *ix);
/* All the warnings about that essay, in the order of its lines: *count of
 * them (0: none, and NULL).  Owned by 'ix', valid until its next call. */
const essay_notice *essay_index_warnings(const essay_index *ix, size_t *count);

/* Remove the essay indexed under 'path'.  *change is ESSAY_REMOVED, or
 * ESSAY_UNCHANGED when it was not indexed. */
essay_status essay_index_remove(essay_index *ix, const char *path, essay_change *change,
                                char **err);

/* Make everything done since the last commit visible to readers, atomically. */
essay_status essay_index_commit(essay_index *ix, char **err);

/* What an update did, essay by essay. */
typedef struct {
    size_t added, updated, removed, unchanged, skipped;
    size_t paragraphs;      /* paragraphs of the essays added or updated */
    size_t bytes;           /* bytes of the essays read */
    size_t warnings;        /* essays indexed with a warning (essay_update_options.notice) */
    size_t reread;          /* of the updated, those only read again (ESSAY_REREAD) */
} essay_update_summary;

/* Called once for every essay an update looks at; 'error' is NULL unless
 * change is ESSAY_SKIPPED. */
typedef void (*essay_update_fn)(const char *path, essay_change change, size_t bytes,
                                const char *error, void *ctx);

typedef struct {
    /* The file extensions to take (NULL-terminated, without dots), which the
     * index records in place of those it took, for later updates (and a
     * rebuild) to take; NULL: those the index records, else "txt", "md". */
    const char *const *extensions;
    int dry_run;            /* say what would change; change nothing */
    essay_update_fn report; /* may be NULL */
    /* Called once, before the first essay, with the number of files the
     * update will look at and their bytes (for a progress bar); may be NULL. */
    void (*planned)(size_t files, size_t bytes, void *ctx);
    void *ctx;
    /* Shard 'shard' of 'n_shards': with n_shards > 1 the update takes only the
     * essays that belong to that shard (see "Sharded indexes" below) and the
     * index records that it is that shard, so that later updates with
     * n_shards == 0 keep to it.  An index recorded as another shard, or an
     * unsharded one that already holds essays, fails with ESSAY_INCOMPATIBLE;
     * a shard past n_shards with ESSAY_BAD_ARGUMENT.
     * n_shards 0 (or 1): the shard the index records, if any, else all essays. */
    unsigned shard, n_shards;
    /* Processes that write a rebuild (ESSAY_REBUILD), each its part of the
     * essays, merged when they are done: 0 is one per processor for 8 MB of
     * essays or more, else one; at most 16.  Other updates use one. */
    unsigned jobs;
    /* An update of a live index that only adds essays (or changes essays it
     * added since) writes them to a small database beside the main one, the
     * index's delta, which searches read too: far fewer blocks to write.  Any
     * other update first folds the delta into the main database, as does
     * one that finds the delta holding more than a sixteenth of the main
     * database's paragraphs.  no_delta: fold it now, and write the main
     * database (for an index served by xapian-tcpsrv, which serves it alone).
     * Sharded indexes have no delta. */
    int no_delta;
    /* When not NULL: once *stop is non-zero (set by a signal handler, say),
     * the update stops before its next essay, commits nothing, and returns
     * ESSAY_INTERRUPTED, with a message saying what was kept.  The processes
     * it forks stop too (told through memory they share, not by a signal).
     * A rebuild's or a new index's unfinished build is removed when the
     * handle is abandoned. */
    const volatile sig_atomic_t *stop;
    /* Patterns (fnmatch(3), NULL-terminated) of files and directories the
     * index leaves out, added to those it records (exclude) or dropped from
     * them (forget_exclude: each must be recorded, else ESSAY_BAD_ARGUMENT);
     * NULL: none.  A file or directory found under a corpus directory is left
     * out when a recorded pattern matches its path relative to that directory
     * ("drafts/old.txt"; '*' matches '/' too) or its name ("*.latin1.txt"); a
     * corpus path that is a file, when one matches its name.  Essays already
     * indexed that a pattern now leaves out are removed by the update
     * (counted and reported as removed).  A rebuild keeps the patterns. */
    const char *const *exclude;
    const char *const *forget_exclude;
    /* Called with each warning and with the errors that say more than a
     * message (ESSAY_NOTICE_GONE, then not given to report()); may be NULL:
     * warnings are then only counted, and the errors go to report(). */
    essay_notice_fn notice;
} essay_update_options;

/* Bring the index up to date with the essays under 'paths[0..n)' (files or
 * directories, searched recursively), adding each path to the index's record
 * of corpus paths; with n == 0, with every recorded path.  New essays are
 * added, changed ones re-indexed, and essays indexed under a walked
 * directory whose file is gone are removed.  In directories, files with the
 * wanted extensions are taken; hidden files, editor backups, anything under
 * a dot-directory and what an exclude pattern matches are skipped; symbolic
 * links are followed, loops detected.  A file that cannot be indexed is
 * skipped (reported, counted in summary->skipped) and the rest go on; one
 * that is not UTF-8 text (or holds a NUL) has in its error the command that
 * leaves it out: "... (skip it with: essay-index --index INDEX --exclude
 * 'PATTERN')".  A recorded corpus path that cannot be read keeps its essays
 * and is an error (ESSAY_NOTICE_GONE: "DIR: gone (moved or removed?); its N
 * essays stay searchable until you run: essay-index --index INDEX --forget
 * DIR"); so does a corpus directory in which the walk finds no file at all
 * while the index holds essays under it (emptied, or a mount point with
 * nothing mounted: the same notice with errnum 0, "DIR: holds no essays
 * now (emptied, or nothing mounted there?); ...").  A rebuild reports (and
 * counts) as removed the old index's essays it did not find again.  In a
 * directory, a link to nowhere (or a loop) with a wanted extension is
 * skipped ("PATH: a symbolic link to nowhere (TARGET)", with the command
 * that excludes it); with another name it is passed over.  Everything is
 * committed at the end, at once.
 * Returns ESSAY_OK (also when essays were skipped), or the fatal status of
 * an error after which nothing was committed (ESSAY_BAD_ARGUMENT: an exclude
 * pattern to forget that is not recorded, or one that is empty or holds a
 * line feed). */
essay_status essay_index_update(essay_index *ix, const char *const *paths, size_t n,
                                const essay_update_options *opt, essay_update_summary *summary,
                                char **err);

/* Remove 'path' from the record of corpus paths, and its essays from the
 * index, except those another recorded path still covers (a directory
 * containing them, or the file itself); not committed: call
 * essay_index_commit().  A path since removed from disk may be named as it
 * was, relative to the working directory or absolute.  'opt' may be NULL;
 * of it, only report (called for each essay removed) and dry_run (count
 * and report them, remove nothing) count. */
essay_status essay_index_forget(essay_index *ix, const char *path,
                                const essay_update_options *opt, essay_update_summary *summary,
                                char **err);

/* The recorded corpus paths, one a line, malloc'd. */
essay_status essay_index_roots(essay_index *ix, char **roots, char **err);

/* What the index (plain or sharded) at 'path' records, read without taking
 * the writer's lock: its corpus paths in *roots, its exclude patterns
 * (essay_update_options.exclude) in *excludes and the extensions it takes
 * (essay_update_options.extensions; "txt" and "md" when it records none) in
 * *extensions, one a line, malloc'd ("" for none).  Returns ESSAY_OK,
 * ESSAY_NO_INDEX, ESSAY_XAPIAN or ESSAY_NOMEM. */
essay_status essay_index_recorded(const char *path, char **roots, char **excludes,
                                  char **extensions, char **err);

/* ---------------------------------------------------------------------------
 * Sharded indexes: one index split into N shards, by essay.
 *
 * A sharded index is a directory holding the essay indexes shard0 ..
 * shard<N-1> and a Xapian stub file, XAPIANDB, listing them ("auto shard0"
 * ... one a line), so that essay_searcher_open() and Xapian itself open the
 * directory as one database.  Every essay lives in exactly one shard: the one
 * numbered (the 64-bit FNV-1a hash of its absolute path) mod N, which is also
 * its essay id, so updates always find it there.  Each shard is a complete
 * index: its own format, language, corpus paths and bookkeeping, and it
 * records which shard of how many it is.  N is fixed when the index is made.
 * A shard may also be built alone, on another machine, with
 * essay_update_options.shard and .n_shards on a plain index.
 */
#define ESSAY_MAX_SHARDS 1024

/* In *n, the number of shards of the sharded index at 'path', or 0 when
 * there is none there (no directory, or a plain index).
 * Returns ESSAY_OK, ESSAY_IO, or ESSAY_INCOMPATIBLE when 'path' holds a
 * XAPIANDB stub that essay-index did not write. */
essay_status essay_shards_count(const char *path, unsigned *n, char **err);

typedef struct {
    unsigned n_shards;      /* shards of a new index, at most ESSAY_MAX_SHARDS (more:
                               ESSAY_BAD_ARGUMENT); 0: the existing index's (which another
                               number contradicts: ESSAY_INCOMPATIBLE) */
    int flags;              /* ESSAY_CREATE, ESSAY_WAIT, ESSAY_REBUILD, as essay_index_open(),
                               for the whole index and each shard */
    const char *language;   /* stemming language of a new index (NULL: "english") */
    unsigned jobs;          /* shards updated at once (0: one per processor) */
} essay_shards_options;

/* essay_index_update() on every shard of the sharded index at 'path',
 * creating it with so->n_shards shards under ESSAY_CREATE.  Each shard is
 * updated in a process of its own (so->jobs at a time), its essays only;
 * opt->report is called in the caller's process, for the essays of every
 * shard (a directory that cannot be read is reported once), and *summary
 * adds up the shards'.  Each shard commits on its own: a search meanwhile
 * sees every essay old or new, never half of one.  The whole index is
 * locked against other writers, as essay_index_open() locks a plain one.
 * opt->shard and opt->n_shards are ignored.
 * Returns ESSAY_OK (also when essays were skipped), or the first fatal
 * status of a shard (the message names it; the other shards were updated). */
essay_status essay_shards_update(const char *path, const essay_shards_options *so,
                                 const char *const *paths, size_t n,
                                 const essay_update_options *opt, essay_update_summary *summary,
                                 char **err);

/* essay_index_forget() 'corpus_path' in every shard of the sharded index at
 * 'path', committed unless opt->dry_run; opt->report is called in the
 * caller's process.  Returns as essay_shards_update(). */
essay_status essay_shards_forget(const char *path, const essay_shards_options *so,
                                 const char *corpus_path, const essay_update_options *opt,
                                 essay_update_summary *summary, char **err);

/* Update the index at 'path', plain or sharded, whichever it is, as one
 * call: the indexes essay_searcher_open() searches as one, updated as one.
 * A sharded index (or a new one with so->n_shards > 0) goes to
 * essay_shards_update(), a plain one is opened with so->flags and
 * so->language, updated with essay_index_update() and closed (abandoned
 * under opt->dry_run).  A new index (so->flags has ESSAY_CREATE and nothing
 * is at 'path' yet) is built the way a rebuild is: beside its place, by
 * several processes, compacted, and put in place whole.  opt->n_shards > 1
 * (build shard K of N as a plain index) on a sharded index is
 * ESSAY_BAD_ARGUMENT, and so are 'paths' of which none exists (n > 0):
 * checked first, nothing is opened or made, the message names each.  A
 * failure after a plain index was opened changed
 * nothing, and its message ends "; the index is as it was".  'so' may be
 * NULL.  Returns as essay_index_open() and essay_index_update(). */
essay_status essay_index_update_path(const char *path, const essay_shards_options *so,
                                     const char *const *paths, size_t n,
                                     const essay_update_options *opt,
                                     essay_update_summary *summary, char **err);

/* essay_index_forget() 'corpus_path' in the index at 'path', plain or
 * sharded, committed unless opt->dry_run, as essay_index_update_path(). */
essay_status essay_index_forget_path(const char *path, const essay_shards_options *so,
                                     const char *corpus_path, const essay_update_options *opt,
                                     essay_update_summary *summary, char **err);

/* ---------------------------------------------------------------------------
 * Searching.
 */
typedef struct essay_searcher essay_searcher;
typedef struct essay_results essay_results;

/* Open the index at 'path' read-only.
 * Returns ESSAY_OK, ESSAY_NO_INDEX, ESSAY_INCOMPATIBLE, ESSAY_XAPIAN or
 * ESSAY_NOMEM. */
essay_status essay_searcher_open(const char *path, essay_searcher **s, char **err);

#define ESSAY_OPEN_PARTIAL 1    /* skip remote shards that cannot be reached */

/* Open 'paths[0..n)' read-only as the shards of one index.  Each is a local
 * index, a sharded index directory, a Xapian stub database file, or
 * "tcp://HOST:PORT" for a shard served by xapian-tcpsrv (IPv6: tcp://[ADDR]:PORT).
 * Xapian merges their statistics, so the ranking is the one a single index of
 * the same essays would give.  All must have this library's format and the
 * same stemming language (else ESSAY_INCOMPATIBLE, naming them).  A remote
 * shard that cannot be reached is an error ("cannot reach shard
 * tcp://...: why", ESSAY_IO), unless 'flags' has ESSAY_OPEN_PARTIAL: it is
 * then left out, and essay_searcher_skipped() says why, as long as one shard
 * is left.  Spelling data is read from local shards only (Xapian's remote
 * backend does not carry it): see essay_results_spelling_partial().
 * essay_searcher_open(path) is essay_searcher_open_many(&path, 1, 0).
 * Returns ESSAY_OK, ESSAY_NO_INDEX (nothing at a path, or a directory where
 * no index has finished building yet: empty, or holding only the writer's
 * lock), ESSAY_INCOMPATIBLE, ESSAY_IO, ESSAY_BAD_ARGUMENT (a malformed tcp://
 * address; a path that holds no index: a directory of other files, a file
 * that is not a stub file), ESSAY_XAPIAN or ESSAY_NOMEM. */
essay_status essay_searcher_open_many(const char *const *paths, size_t n, int flags,
                                      essay_searcher **s, char **err);

/* The i-th shard left out under ESSAY_OPEN_PARTIAL, as a message naming it
 * and saying why ("cannot reach shard tcp://...: ..."), or NULL past the last.
 * Owned by 's'. */
const char *essay_searcher_skipped(const essay_searcher *s, size_t i);

/* A message when part of the index is damaged but the rest can be searched,
 * or NULL: today, an essay database that exists but cannot be read, so that
 * per_essay 1 ranks essays by their best paragraph, not their whole text
 * (essay-index --rebuild makes it anew).  An index made before essay
 * databases existed has none, and gets no message.  Owned by 's'. */
const char *essay_searcher_damaged(const essay_searcher *s);

/* 1 when most of the first essays of the index 's' searches (of its first
 * shard) were read by an older essay-index: the next update reads them
 * again, and until then some searches find less (the names of essays, the
 * letters spelt out, the book indexes marked) and no word is taken for a
 * name (how words are written, capitals.c); else 0 (also when it cannot
 * tell, and when the first shard is remote).  It reads a few records of the
 * index. */
int essay_searcher_older(essay_searcher *s);

/* 1 when the indexes 's' searches hold no essay at all (built from paths
 * that held none, or every essay since removed or forgotten): any search
 * finds nothing; else 0 (also when it cannot tell). */
int essay_searcher_empty(essay_searcher *s);

/* The number of remote shards 's' searches. */
size_t essay_searcher_remote_shards(const essay_searcher *s);

void essay_searcher_close(essay_searcher *s);

typedef enum { ESSAY_SORT_RELEVANCE = 0, ESSAY_SORT_DATE } essay_sort;

/* Pseudo-relevance feedback, for essay_search_options.expand. */
enum {
    ESSAY_EXPAND_AUTO = 0,      /* for match_any queries of four words or more (not
                                   counting stop words): natural-language questions */
    ESSAY_EXPAND_ALWAYS = 1,
    ESSAY_EXPAND_NEVER = -1,
};

typedef struct {
    unsigned limit;         /* hits wanted (0: 10) */
    unsigned offset;        /* hits to skip */
    int match_any;          /* rank paragraphs matching any word, not all */
    unsigned per_essay;     /* at most this many hits per essay (0: no limit) */
    essay_sort sort;
    size_t snippet_chars;   /* about this many bytes of snippet (0: 240) */
    int exact_total;        /* count every match, so the estimate is exact */
    int expand;             /* with per_essay 1: add to the query the words that best tell
                               its first essays apart (pseudo-relevance feedback):
                               ESSAY_EXPAND_AUTO (the default), _ALWAYS or _NEVER */
    int same_paragraph;     /* a paragraph matches only when it holds every word itself; by
                               default an essay that holds them all anywhere matches, and its
                               paragraphs holding some of them are hits after those holding
                               all (essay-search(1), "What matches") */
    int no_correct;         /* never search a corrected query in place of one that found
                               nothing (a suggestion is still made) */
    int strict;             /* the query as written only: no correction searched, no
                               relaxation to any of its words (ESSAY_RELAXED_*), and a
                               query failing on a quote is ESSAY_BAD_QUERY */
    /* The ranking, for relevance experiments (tests/RELEVANCE.md); nothing in
     * the environment changes it (essay-search reads ESSAY_BM25_K1,
     * ESSAY_BM25_B and ESSAY_RANK_ESSAYS into these). */
    double bm25_k1;         /* BM25's k1 (0: 1.2, the best measured) */
    double bm25_b;          /* BM25's b (0: 0.75, the best measured; for b = 0 itself, a tiny
                               value such as 1e-9) */
    int no_essay_database;  /* search as though the index had no essay database, as tcp://
                               shards have none: a paragraph matches only when it holds every
                               word, and per_essay 1 ranks essays by their best paragraph */
    int rough_total;        /* the caller shows no total (essay-search's text and --paths):
                               a first page (offset 0) checks only the matches it lists, not
                               at least 100 of each tier, so essay_results_estimate() is
                               Xapian's rough one (still at least the hits, and more when
                               more follow); the hits are the same.  Ignored with
                               exact_total */
} essay_search_options;

/* Default options, to change field by field. */
essay_search_options essay_search_defaults(void);

typedef struct {
    size_t start, end;      /* bytes in the snippet */
} essay_span;

typedef struct {
    unsigned rank;          /* from 1 */
    double score;
    const char *path;
    unsigned line;          /* line of the file where the paragraph starts, from 1 */
    unsigned paragraph;     /* paragraph number in its essay, from 1 */
    const char *title;
    const char *author;     /* NULL when the essay names none */
    const char *date;       /* NULL when the essay has none */
    const char *snippet;    /* the best window of the paragraph */
    const essay_span *highlights;  /* one span a highlighted word or phrase */
    size_t n_highlights;
    const char *text;       /* the whole paragraph */
    const char *language;   /* the essay's language, libstemmer's name ("french"): the one
                               its words were stemmed in (valid while its searcher is open) */
    unsigned copies;        /* how many other paragraphs of the index have the same text
                               (the same words in the same order, headings aside, of at
                               least 8 words): a passage reprinted in several essays.
                               Without per_essay the search lists such a passage once, at
                               its best-ranked copy; 0 in an index made before copies were
                               recorded (essay-index --rebuild records them) */
    unsigned match_line;    /* line of the file where the snippet's first highlight is
                               (where the snippet starts when it has none): path:match_line
                               opens an editor at the match; 'line' in an index made
                               before essay-index kept where its lines begin */
} essay_hit;

/* What one query may ask, so that no query can take the memory or the time
 * of the machine (essay-search(1), "Limits").  A query past one of them fails
 * with ESSAY_BAD_QUERY and a message naming the limit, at the column where
 * the query goes past it; but one past ESSAY_QUERY_MAX_BYTES or
 * ESSAY_QUERY_MAX_WORDS, a page pasted whole, is searched as far as they
 * allow unless .strict (essay_results_truncated()). */
#define ESSAY_QUERY_MAX_BYTES 16384     /* bytes of query text */
#define ESSAY_QUERY_MAX_WORDS 1000      /* words, as the analyzer cuts them (each word of a
                                           phrase or field; a hyphenated word counts its whole
                                           and each part), and filters, one each */
#define ESSAY_QUERY_MAX_NEAR 32         /* words one NEAR group joins */
#define ESSAY_QUERY_MAX_EXPANSION 1000  /* words all the prefix* of a query stand for together
                                           (each stands for its 100 most frequent at most) */
#define ESSAY_QUERY_MAX_NAMES 100000    /* essay names (paths, file names) all the essay:
                                           filters of a query match together */

/* Run 'query' (see essay-search(1) for the language).
 * On success *results holds the hits, freed with essay_results_free().
 * Returns ESSAY_OK (also when nothing matched), ESSAY_BAD_QUERY,
 * ESSAY_XAPIAN or ESSAY_NOMEM. */
essay_status essay_search(essay_searcher *s, const char *query, const essay_search_options *opt,
                          essay_results **results, char **err);

/* essay_search() for results of any size: *results holds all that
 * essay_search() gives but the hits themselves, which essay_results_next()
 * reads one at a time, so that memory stays flat whatever opt->limit (but
 * for the ranking Xapian holds: about 120 bytes a hit).  's' must stay open
 * until essay_results_free().  Returns as essay_search(). */
essay_status essay_search_stream(essay_searcher *s, const char *query,
                                 const essay_search_options *opt, essay_results **results,
                                 char **err);

/* Find paragraphs like the one of the essay indexed from 'path' that holds
 * line 'line' (relevance feedback: the paragraph's most telling words make
 * the query); the paragraph itself is left out.  A line between two
 * paragraphs is the one before's; a line past the end of the file at
 * 'path' is an error.
 * Returns ESSAY_OK, ESSAY_BAD_ARGUMENT (the file has fewer lines: "PATH has
 * N lines: there is no line LINE"), ESSAY_NOT_FOUND (no indexed paragraph
 * there, or one with no word to look for), ESSAY_XAPIAN or ESSAY_NOMEM. */
essay_status essay_search_like(essay_searcher *s, const char *path, unsigned line,
                               const essay_search_options *opt, essay_results **results,
                               char **err);

/* The hits: held, or for essay_search_stream(), to be read. */
size_t essay_results_count(const essay_results *r);
/* The matches in all: estimated, but exact (offset + hits) when the hits
 * end on this page, and never fewer than offset + hits. */
size_t essay_results_estimate(const essay_results *r);
/* The i-th hit (0-based; NULL when out of range), owned by 'r'.  Results of
 * essay_search_stream() hold none: read them with essay_results_next(). */
const essay_hit *essay_results_hit(const essay_results *r, size_t i);
/* The next hit of 'r', in rank order, in *hit: owned by 'r', valid until the
 * next call on 'r'.  For results of essay_search_stream() the hit is read
 * from the index now (an index changed by a writer meanwhile is opened
 * again, and the reading goes on from the same rank); for other results,
 * it is the next of those held.
 * Returns ESSAY_OK, ESSAY_DONE past the last hit (*hit NULL), ESSAY_XAPIAN,
 * ESSAY_INCOMPATIBLE or ESSAY_NOMEM. */
essay_status essay_results_next(essay_results *r, const essay_hit **hit, char **err);
/* A corrected query that was not searched (no_correct, strict), or NULL.
 * Owned by 'r'. */
const char *essay_results_suggestion(const essay_results *r);
/* What essay_results_relaxed() says of hits that need not hold every word
 * of the query (common words aside): */
enum {
    ESSAY_RELAXED_CLOSEST = 1,  /* nothing matched the query as written: these are
                                   the essays and paragraphs holding any of its words */
    ESSAY_RELAXED_QUESTION = 2, /* the query reads as a question ("who wrote about
                                   ...?": words only, a question word first or "?"
                                   last), searched for any of its words as .match_any
                                   is (not under .strict or .same_paragraph,
                                   nor when the index holds it word for word:
                                   a quote, a title) */
    ESSAY_RELAXED_SPREAD = 3,   /* essays hold every word of a query of four
                                   plain words or more, but no paragraph holds
                                   them all: first come the paragraphs, of any
                                   essay, that hold all of them but one, then
                                   those essays' (not under .strict, nor when
                                   essays are ranked) */
    ESSAY_RELAXED_UNPARSED = 4, /* the query does not parse (an unclosed quote, a
                                   stray bracket: text pasted as written), and
                                   was read leniently: a quote left open closes
                                   at the end, else it is read as .match_any
                                   reads it, for any of its words (not under
                                   .strict); essay_results_unparsed() says why */
    ESSAY_RELAXED_NAMED = 5,    /* the query found nothing, and its words (common
                                   words aside) name essays -- their author or
                                   file name, which their text does not hold: the
                                   hits are those essays, each by its first
                                   paragraph, in a stable order (not under
                                   .strict) */
    ESSAY_RELAXED_PHRASE = 6,   /* as ESSAY_RELAXED_CLOSEST, for a query with
                                   phrases that its words out of their quotes
                                   match (an essay holds every word, or under
                                   .same_paragraph a paragraph): what nothing
                                   holds is its words as quoted (not under
                                   .strict, nor .match_any) */
    ESSAY_RELAXED_UNRECORDED = 7, /* the query found nothing, and author:, year: or
                                   date: filters of it match no essay in an index
                                   most of whose essays do not record that field:
                                   the query with those filters read as their
                                   words was searched (essay_results_unrecorded());
                                   its hits hold every word of it.  A search of it
                                   that relaxed in its turn says how instead (not
                                   under .strict) */
};
/* 0 when every hit holds every word of the query, else ESSAY_RELAXED_*. */
int essay_results_relaxed(const essay_results *r);
/* When the query was read leniently (ESSAY_RELAXED_UNPARSED, or a relaxation
 * that followed when that reading found nothing: ESSAY_RELAXED_CLOSEST,
 * _PHRASE or _NAMED, for '"unclosed quote'), why it does not parse, as
 * ESSAY_BAD_QUERY would have said ("column 1: unbalanced quote"), else NULL.
 * Owned by 'r'. */
const char *essay_results_unparsed(const essay_results *r);
/* The corrected query (its words unknown to the index corrected) that was
 * searched in place of this one, which found nothing or is one of any of its
 * words (match_any, a question), or NULL.  Owned by 'r'. */
const char *essay_results_corrected(const essay_results *r);
/* When a question asked of someone ("what did Thoreau say about the
 * railroad": a question word, an auxiliary, then a word not common) named
 * essays by their author or file name, and its other words found
 * paragraphs of those essays, the hits are those paragraphs: that word as
 * typed ("Thoreau"), else NULL.  Owned by 'r'. */
const char *essay_results_asked_of(const essay_results *r);
/* An author:, year: or date: filter of a query that found nothing, which matches no
 * essay of an index where at most half the essays record its field (an author: or
 * date: line in their header): most corpora's files have none. */
typedef struct {
    const char *field;      /* "author", "year" or "date", as typed */
    const char *value;      /* as typed, without its quotes: "thoreau", "Oscar Wilde", "1854" */
    size_t recorded;        /* essays of the index that record the field (a year: or a
                               date: filter, a date) */
    size_t essays;          /* essays of the index */
} essay_unrecorded;
/* The filters of the query that its index does not record (in *filters, owned by 'r';
 * NULL when none): how many.  Unless .strict, the query was searched with them read as
 * their words -- an author as the words of the name, a year (year:1854, date:1854) as
 * the number, another date left out -- which essay_results_unfiltered() gives; its hits
 * are those, corrected or relaxed as any query may be. */
size_t essay_results_unrecorded(const essay_results *r, const essay_unrecorded **filters);
/* The query searched with its unrecorded filters read as words ("thoreau" for
 * "author:thoreau"), or NULL: none, or nothing was left to search ("date:1850..1860").
 * Owned by 'r'. */
const char *essay_results_unfiltered(const essay_results *r);
/* When the query was longer than a query may be (ESSAY_QUERY_MAX_BYTES,
 * ESSAY_QUERY_MAX_WORDS) and the search not .strict, only its start was
 * searched, within the limits: cut at a blank within ESSAY_QUERY_MAX_BYTES
 * and before the word (phrase, field) that passes ESSAY_QUERY_MAX_WORDS,
 * without an operator left dangling.  Returns the bytes of the query
 * searched, with *words the words (and filters) they hold as the limit
 * counts them; 0, and *words 0, when the whole query was searched.  (Under
 * .strict such a query fails with ESSAY_BAD_QUERY, as does one whose first
 * phrase alone passes the limit.) */
size_t essay_results_truncated(const essay_results *r, size_t *words);
/* 1 when 'r' is sorted by date (.sort ESSAY_SORT_DATE), is the first page
 * (.offset 0), and no hit of it has a date (for results of
 * essay_search_stream(), no hit still to read): the order is then by score
 * alone, equal scores in index order; else 0 (also when it has no hit, on
 * an error reading one, and on a later page, whose hits may come after
 * dated ones). */
int essay_results_undated(const essay_results *r);
/* 1 when a correction was looked for but the spelling data of some shards
 * could not be read (remote shards): a NULL suggestion then means "none
 * known to the local shards", not "none". */
int essay_results_spelling_partial(const essay_results *r);
/* A paragraph beside a hit in its essay: the context grep -C gives a line. */
typedef struct {
    unsigned line;          /* line of the file where it starts, from 1 */
    unsigned paragraph;     /* paragraph number in its essay, from 1 */
    const char *text;       /* the whole paragraph, as essay_hit.text */
} essay_neighbour;

/* Read the paragraphs around hit 'i' (0-based) of 'r', results that hold
 * their hits (essay_search()) of a search on 's': up to 'before' paragraphs
 * before it in its essay and up to 'after' after it (fewer at the essay's
 * start or end), for essay_hit_before() and essay_hit_after(), and for
 * essay_results_write(), which then writes them with the hit.  Reading
 * again replaces them.
 * Returns ESSAY_OK, ESSAY_BAD_ARGUMENT (no hit 'i' held), ESSAY_XAPIAN or
 * ESSAY_NOMEM (the hit then has no context). */
essay_status essay_results_add_context(essay_searcher *s, essay_results *r, size_t i,
                                       unsigned before, unsigned after, char **err);
/* From now on, have essay_results_next() read with each hit it gives the
 * paragraphs around it, as essay_results_add_context() reads them (an error
 * reading them is the call's): for the results of essay_search_stream(),
 * written with their context by essay_results_write_stream().  's' is the
 * searcher of 'r', open while 'r' is read. */
void essay_results_read_context(essay_searcher *s, essay_results *r, unsigned before,
                                unsigned after);
/* The paragraphs before the hit 'h' (as essay_results_hit() or
 * essay_results_next() gave it), in the essay's order, and how many in *n:
 * NULL and 0 when there are none, or none were read.  Owned by the hit's
 * results, valid as long as the hit. */
const essay_neighbour *essay_hit_before(const essay_hit *h, size_t *n);
/* The paragraphs after the hit 'h', likewise. */
const essay_neighbour *essay_hit_after(const essay_hit *h, size_t *n);
/* Keep the first 'n' hits of 'r' and free the others, or with results of
 * essay_search_stream(), let essay_results_next() give no more than 'n' (n
 * past the count: nothing changes); the estimate and the rest stay.  essay-search --limit 0
 * writes the results of a search with none of its hits. */
void essay_results_truncate(essay_results *r, size_t n);
void essay_results_free(essay_results *r);

/* ---------------------------------------------------------------------------
 * Facets and the timeline: how the essays a query matches spread over
 * authors, years, months and essays (essay-search --facets, --timeline).
 */
typedef enum {
    ESSAY_FACET_AUTHOR,     /* the header's author, as written */
    ESSAY_FACET_YEAR,       /* "YYYY" of the header's date */
    ESSAY_FACET_MONTH,      /* "YYYY-MM" of the header's date (a date without a month: none) */
    ESSAY_FACET_ESSAY,      /* the essay's path, with its title */
} essay_facet;
#define ESSAY_FACETS 4

/* The name of 'f' ("author", "year", "month", "essay"), static; NULL for
 * what is not a facet.  JSON writes the facets under these names. */
const char *essay_facet_name(essay_facet f);

typedef struct {
    const char *value;      /* the author, year, month or essay path */
    const char *title;      /* ESSAY_FACET_ESSAY: the essay's title; else NULL */
    size_t essays;          /* matching essays with this value (1 for an essay) */
    size_t paragraphs;      /* their paragraphs that match */
} essay_facet_count;

/* Count the facets of 'r', the results of essay_search_stream() on 's'
 * (whose hits may be read before or after): the essays that match the
 * query searched (after a correction or relaxation, the one searched
 * instead) -- those with a paragraph matching it, and under the essay unit
 * those holding every part of it, with their paragraphs holding some --
 * counted through Xapian's value counting over every match, not only the
 * hits asked for.  'show' is a mask of (1u << essay_facet) that
 * essay_results_write() and essay_results_write_stream() then write with
 * the hits (the text format: the ten largest of each; JSON: "facets").
 * Returns ESSAY_OK, ESSAY_BAD_ARGUMENT (results that are not a stream's, or
 * that have no query to count for: --like's), ESSAY_XAPIAN or ESSAY_NOMEM. */
essay_status essay_results_count_facets(essay_searcher *s, essay_results *r, unsigned show,
                                        char **err);
/* The counts of facet 'f' of 'r' (after essay_results_count_facets()),
 * largest first (essays, then paragraphs; equal counts by value), and how
 * many in *n; NULL and 0 when none were counted.  Owned by 'r'. */
const essay_facet_count *essay_results_facet(const essay_results *r, essay_facet f, size_t *n);
/* One year or month of a timeline. */
typedef struct {
    char period[8];         /* "YYYY" or "YYYY-MM" */
    size_t essays;          /* matching essays dated in it */
    size_t paragraphs;      /* their matching paragraphs */
} essay_period;

/* The timeline of 'r' (its facets counted): the years (unit
 * ESSAY_FACET_YEAR) or months (ESSAY_FACET_MONTH) from the first dated
 * match to the last, in order, those without a match included with 0, in
 * *periods (malloc'd, for the caller to free(); NULL when no match is
 * dated) and their number in *n; in *undated (value NULL) the matching
 * essays with no date of the unit (by month, a date of a year alone is none).
 * Returns ESSAY_OK, ESSAY_BAD_ARGUMENT (no facets counted, or another unit)
 * or ESSAY_NOMEM. */
essay_status essay_results_timeline(const essay_results *r, essay_facet unit,
                                    essay_period **periods, size_t *n,
                                    essay_facet_count *undated);

/* ---------------------------------------------------------------------------
 * Citations whose anchors survive edits (essay-search --cite, --anchor).
 *
 * A paragraph's anchor is "ESSAYID-HASH-SKETCH": the essay's id (16 hex
 * digits, from its path), then 8 hex digits hashing the stems of the
 * paragraph's words in order (headings over it left out, so that a
 * paragraph moved under another heading keeps its anchor), then 8 hex
 * digits sketching the set of those stems (the low 4 bits of each of 8
 * min-hashes), from which the likeness of another paragraph to the one the
 * anchor was made from is estimated once that one is gone.  Case,
 * punctuation, spacing, accents and inflections do not change it; any
 * other change of the words does.  Nothing is stored in the index for it.
 */
#define ESSAY_ANCHOR_SIZE 35    /* bytes of an anchor, its NUL included */

/* The anchor of the hit 'h', of a search on 's', into 'anchor'.
 * Returns ESSAY_OK or ESSAY_NOMEM. */
essay_status essay_hit_anchor(essay_searcher *s, const essay_hit *h,
                              char anchor[ESSAY_ANCHOR_SIZE]);

/* The paragraph an anchor names, as essay_anchor_find() finds it. */
typedef struct {
    char *path, *title, *text;  /* malloc'd: essay_anchor_clear() frees them */
    unsigned line;              /* where it starts now, from 1 */
    unsigned paragraph;         /* its number in its essay now, from 1 */
    char anchor[ESSAY_ANCHOR_SIZE];     /* its anchor now */
    int changed;                /* 0: its words are those the anchor was made from;
                                   1: they are not, and it is the nearest by content */
    double similarity;          /* 1 when unchanged; else the Jaccard likeness of the two
                                   paragraphs' sets of stems, as the sketches estimate it */
} essay_anchor_match;

#define ESSAY_ANCHOR_MIN_SIMILARITY 0.5 /* less like it than this, a paragraph is not it */

/* Find the paragraph 'anchor' names in the index of 's': among the essay's
 * paragraphs, the one whose words hash to it (wherever it moved), else the
 * one whose sketch is nearest, if its estimated similarity is at least
 * ESSAY_ANCHOR_MIN_SIMILARITY.
 * Returns ESSAY_OK (*m filled), ESSAY_BAD_ARGUMENT ('anchor' is not one),
 * ESSAY_NOT_FOUND (the essay is no longer indexed, or none of its
 * paragraphs is like enough: the message says which), ESSAY_XAPIAN or
 * ESSAY_NOMEM; *m is cleared on failure. */
essay_status essay_anchor_find(essay_searcher *s, const char *anchor, essay_anchor_match *m,
                               char **err);
/* Free what essay_anchor_find() gave 'm' (and zero it). */
void essay_anchor_clear(essay_anchor_match *m);

typedef enum {
    ESSAY_CITE_TEXT,        /* one line a hit: author, "title", date, path, paragraph, anchor */
    ESSAY_CITE_BIBTEX,      /* one @misc entry a hit, keyed by its anchor */
    ESSAY_CITE_CSL_JSON,    /* a CSL-JSON array, an item a hit, its "id" the anchor */
} essay_cite_style;

/* Write a reference for each hit of 'r' (read with essay_results_next(), so
 * results of essay_search_stream() too) to 'out' in 'style': the author,
 * title and date of the essay's header (those it has), its path, the
 * paragraph's number and its anchor.
 * Returns ESSAY_OK, ESSAY_BAD_ARGUMENT (another style), ESSAY_IO (errno says
 * why; *err NULL), ESSAY_NOMEM, or the status of essay_results_next() with
 * *err. */
essay_status essay_cite_write(essay_results *r, essay_cite_style style, FILE *out, char **err);

/* ---------------------------------------------------------------------------
 * Writing results, as essay-search does.
 */
typedef enum {
    ESSAY_OUTPUT_TEXT,      /* for people: rank, title, author, path:line, snippet */
    ESSAY_OUTPUT_JSON,      /* one object on one line: {"query", "error", "total", "hits",
                               "suggestion", "corrected", "asked_of", "relaxed"} */
    ESSAY_OUTPUT_JSONL,     /* one hit object a line */
    ESSAY_OUTPUT_PATHS,     /* each essay's path once, in rank order */
} essay_output;

/* Write 'r' (the results of 'query') to 'out' in 'format'.  'color' adds
 * terminal colours and highlights to ESSAY_OUTPUT_TEXT.  Control characters,
 * bidirectional controls and line separators from essay text are never
 * written raw (see essay_write_safe()): the text format shows them as U+FFFD,
 * JSON escapes them.  Paths in the text format are relative to the
 * current directory when under it; JSON has them as indexed (absolute).
 * Returns ESSAY_OK, ESSAY_IO (errno says why) or ESSAY_NOMEM. */
essay_status essay_results_write(const essay_results *r, const char *query, essay_output format,
                                 int color, FILE *out);

/* essay_results_write() for any results, those of essay_search_stream()
 * included: the hits are read with essay_results_next() and each written as
 * it comes (JSON too: "total" and the rest are known before the hits), so
 * that memory stays flat however many there are.
 * Returns ESSAY_OK, ESSAY_IO (a write failed; errno says why; *err NULL), or
 * the status of essay_results_next() with *err, the output then cut short. */
essay_status essay_results_write_stream(essay_results *r, const char *query,
                                        essay_output format, int color, FILE *out, char **err);

/* Write the timeline of 'r' (the results of 'query', its facets counted) by
 * 'unit' (ESSAY_FACET_YEAR or ESSAY_FACET_MONTH) to 'out': for
 * ESSAY_OUTPUT_TEXT a bar chart, a line a period ("2021 ▉▉▉▍ 2 essays, 3
 * paragraphs"; the bars measure essays, 40 columns the longest), drawn with
 * Unicode blocks, or with 'ascii' with '#', coloured with 'color', and a
 * last line for the essays without a date; for ESSAY_OUTPUT_JSON one object,
 * {"query", "error": null, "unit", "periods": [{"period", "essays",
 * "paragraphs"}...], "undated": {"essays", "paragraphs"}}.
 * Returns ESSAY_OK, ESSAY_BAD_ARGUMENT (no facets counted, or another unit
 * or format), ESSAY_IO (errno says why) or ESSAY_NOMEM. */
essay_status essay_timeline_write(const essay_results *r, const char *query, essay_facet unit,
                                  essay_output format, int ascii, int color, FILE *out);

/* Write an error met answering 'query' (query_len bytes, NUL bytes included,
 * as a line a script sent may hold; NULL when there is no query) to 'out' as
 * essay_results_write() would write its results, so that a script reading
 * the output reads JSON only: for ESSAY_OUTPUT_JSON, the results object with
 * "error": {"message": 'message', "kind": 'kind'}, no hits and a total of 0;
 * for ESSAY_OUTPUT_JSONL, {"query", "error"} on one line; nothing for the
 * formats for people, who read the message on standard error.  'kind' is
 * essay_status_name() of the status, or a name of the caller's own
 * (essay-search: "usage", "empty_query").  With 'kind' NULL ('message' is
 * not read), the answer to no query at all, "error": null and no hits: what
 * essay-search --batch writes for a blank line.
 * Returns ESSAY_OK, ESSAY_IO (errno says why) or ESSAY_NOMEM. */
essay_status essay_error_write(const char *query, size_t query_len, const char *kind,
                               const char *message, essay_output format, FILE *out);

/* ---------------------------------------------------------------------------
 * What an index holds and how it stands (essay-index --status).
 */

/* A file an update skipped, and why. */
typedef struct {
    char *path;
    char *message;          /* as the update reported it: "PATH: why" */
} essay_skipped_file;

#define ESSAY_RECORD_MAX_SKIPPED 100    /* skipped files a record of an update names */

/* The record of an update.  Each update that changes the index (adds,
 * re-indexes or removes essays, changes the corpus paths, builds it, forgets
 * a path) or skips files writes one into the index, committed with its
 * changes, so that it tells what the index holds; an update stopped before
 * its commit, or that changes and skips nothing, writes none. */
typedef struct {
    char *kind;             /* "build", "rebuild", "update" or "forget"; NULL when none is
                               recorded (an index written before records existed) */
    double started;         /* when it started, in seconds since the Epoch */
    double seconds;         /* how long it took, to its commit */
    size_t added, updated, removed, unchanged, skipped;
    size_t reread;          /* of the updated, those only read again (ESSAY_REREAD) */
    size_t paragraphs;      /* paragraphs of the essays added or updated */
    essay_skipped_file *skipped_files;  /* the first ESSAY_RECORD_MAX_SKIPPED skipped */
    size_t n_skipped_files;
} essay_update_record;

/* A corpus path the index remembers. */
typedef struct {
    char *path;             /* absolute */
    int present;            /* 0: gone from disk; its essays stay until it is forgotten */
} essay_corpus_path;

/* What an index holds: essay_index_status().  Every string and array is
 * owned by the info, freed with it. */
/* A language the essays of an index are in, and how many paragraphs are in it. */
typedef struct {
    char *language;         /* libstemmer's name */
    size_t paragraphs;
} essay_language_count;

typedef struct essay_index_info essay_index_info;
struct essay_index_info {
    char *path;             /* the index as named: the path given, PATH/shardK for a shard,
                               a stub file's line for a part it lists */
    essay_kind kind;        /* ESSAY_KIND_INDEX, or ESSAY_KIND_SHARDED for a sharded index
                               or a Xapian stub file listing parts */
    int remote;             /* a remote part of a stub file: nothing else is known of it */
    char *format;           /* the index's format version ("" when unknown) */
    char *language;         /* its default stemming language */
    essay_language_count *languages;    /* the languages its essays are in, most paragraphs
                                           first */
    size_t n_languages;
    char *shard;            /* "K/N" in shard K of N (of a sharded index or built alone), or
                               NULL */
    size_t essays, paragraphs;
    long long words;        /* words of the essays and their titles, as the analyzer cuts them
                               (a hyphenated word counts its whole and its parts); -1 when
                               unknown (an index made before its essay database) */
    uint64_t essay_bytes;   /* bytes of the essays' files, as they were when indexed */
    uint64_t disk_bytes;    /* bytes the index takes on disk, its delta included */
    int has_delta;          /* recent additions are in the delta (INDEX/delta): */
    size_t delta_essays, delta_paragraphs;
    uint64_t delta_disk_bytes;
    essay_corpus_path *paths;   /* the corpus paths remembered (of a sharded index: its
                                   first shard's, which all share) */
    size_t n_paths;
    essay_update_record last_update;    /* of a sharded index or stub: that of the part
                                           updated last, added up with the records the
                                           other shards wrote in the same run */
    essay_index_info *parts;    /* the shards of a sharded index, or the parts of a stub */
    size_t n_parts;
    size_t older_essays;    /* of the essays, those indexed by an older libessay, which read
                               essays into paragraphs differently: the next update reads
                               them again (ESSAY_REREAD) */
    size_t newer_essays;    /* those indexed by a newer libessay: an update of the index is
                               refused, or skips them (essay_index_update_path()) */
};

/* Gather what the index at 'path' holds (a plain index, a sharded index, or
 * a Xapian stub file listing indexes), reading it only: it may be searched
 * and updated meanwhile.  *info is freed with essay_index_info_free().
 * Returns ESSAY_OK; ESSAY_NO_INDEX when there is no index at 'path' yet
 * ("no index at 'PATH' yet"); ESSAY_BAD_ARGUMENT when 'path' holds something
 * else; ESSAY_INCOMPATIBLE, ESSAY_XAPIAN, ESSAY_IO or ESSAY_NOMEM. */
essay_status essay_index_status(const char *path, essay_index_info **info, char **err);
void essay_index_info_free(essay_index_info *info);

/* Write 'info' to 'out': ESSAY_OUTPUT_TEXT for people, one "name: value"
 * line a fact (file names shown as essay_write_safe() shows them, a gone
 * corpus path with the command that forgets it); ESSAY_OUTPUT_JSON, one
 * object on one line (essay-index(1) documents its fields).
 * Returns ESSAY_OK, ESSAY_IO (errno says why), ESSAY_NOMEM, or
 * ESSAY_BAD_ARGUMENT for another format. */
essay_status essay_index_info_write(const essay_index_info *info, essay_output format,
                                    FILE *out);

/* ---------------------------------------------------------------------------
 * Keeping an index current (essay-index --watch).
 *
 * A watch follows the corpus paths an index remembers with inotify: every
 * directory under them, and the directory of each remembered file.  When an
 * essay is added, changed, moved or removed, or a directory made or removed
 * (files passed over by an update -- hidden ones, editors' backup and swap
 * files, other extensions -- do not count), it waits until the changes
 * pause, then updates the index as essay_index_update() does with no path
 * (so through the delta, and writing nothing when nothing changed).
 */
typedef struct essay_watch essay_watch;

typedef struct {
    unsigned quiet_ms;      /* an update waits until no change came for this long (0: 300) */
    unsigned max_wait_ms;   /* ... but no longer than this after the first (0: 2000) */
    unsigned rescan_ms;     /* where changes cannot be watched, an update every this often
                               (0: 30000) */
    unsigned max_watches;   /* directories watched at most (0: as many as the system lets) */
    /* Called after each update with its status, its summary (valid when
     * ESSAY_OK), how long it took, and the message of a failure (else NULL). */
    void (*updated)(essay_status st, const essay_update_summary *sum, double seconds,
                    const char *error, void *ctx);
    /* Called, once, when some directories cannot be watched -- the system's
     * limit of inotify watches is reached, or max_watches -- with a message
     * saying so; they are then rescanned every rescan_ms.  May be NULL. */
    void (*notice)(const char *message, void *ctx);
    void *ctx;
} essay_watch_options;

/* Watch the corpus paths of the (plain or sharded) index at 'path'.  A first
 * update is due as soon as the changes pause, to take in what changed
 * before the watch began.  Where inotify cannot be had at all, every update
 * is a rescan (opt->notice says so).  'opt' may be NULL; it is copied.
 * Returns ESSAY_OK, ESSAY_NO_INDEX, ESSAY_INCOMPATIBLE (a stub file that
 * essay-index did not write), ESSAY_XAPIAN or ESSAY_NOMEM. */
essay_status essay_watch_open(const char *path, const essay_watch_options *opt,
                              essay_watch **w, char **err);

/* Watch and update until *stop is non-zero (checked between updates, never
 * during one: an update under way goes to its commit), with the update
 * options 'opt' (its stop is not used).  The extensions the index records
 * (essay_update_options.extensions) say which files are essays, read again
 * after each update.  A remembered path added or forgotten by another
 * essay-index is watched or left from the next update on.  An update that fails is
 * reported to opt's 'updated' and the watch goes on, but for ESSAY_NO_INDEX
 * and ESSAY_INCOMPATIBLE (the index is gone or replaced), which end it.
 * Returns ESSAY_INTERRUPTED when stopped, or the status that ended it. */
essay_status essay_watch_run(essay_watch *w, const essay_update_options *opt,
                             const volatile sig_atomic_t *stop, char **err);
void essay_watch_close(essay_watch *w);

/* ---------------------------------------------------------------------------
 * Keyword in context (essay-search --kwic): every occurrence of a query's
 * words and phrases in the paragraphs it matches, as a concordance.
 */
#define ESSAY_KWIC_SNIPPET ((size_t)-1)     /* essay_search_options.snippet_chars for
                                               essay_kwic_write(): whole paragraphs */

typedef enum {
    ESSAY_KWIC_RANK,        /* by the rank of the essay, then in the essay's order */
    ESSAY_KWIC_LEFT,        /* by the words before the match, the nearest first */
    ESSAY_KWIC_RIGHT,       /* by the words after the match */
} essay_kwic_sort;

/* Write each occurrence of the words and phrases of the query of 'r' in
 * its hits (every hit essay_results_next() gives; the search's
 * opt->snippet_chars must be ESSAY_KWIC_SNIPPET), matched as the snippet
 * highlights them, ordered by 'sort' (equal keys by rank), to 'out': for
 * ESSAY_OUTPUT_TEXT a line each, 'width' display columns (context, the
 * match aligned in one column and highlighted with 'color', context, the
 * text as written around the match, together at least 40 columns; then two
 * spaces and path:line, the paths relative to the current directory when
 * under it, taking at most a third of 'width': a longer path loses its
 * directories first ("…/" in their place), then the middle of its file
 * name to "…"), then a blank line and the number of occurrences in each
 * essay, by rank, with each essay's path whole; for ESSAY_OUTPUT_JSONL one object a
 * line, {"path", "line", "paragraph", "essay_rank", "start", "end",
 * "match"}, the match at bytes [start, end) of the paragraph's text (as
 * essay_hit.text: its headings first).
 * Returns ESSAY_OK, ESSAY_DONE when there are hits and none holds the query
 * in its text (they match by their essay's name or title: nothing is
 * written), ESSAY_BAD_ARGUMENT (another format or sort, or hits whose
 * snippet is not their whole paragraph), ESSAY_IO (errno says why),
 * ESSAY_NOMEM, or the status of essay_results_next() with *err. */
essay_status essay_kwic_write(essay_results *r, size_t width, essay_kwic_sort sort,
                              essay_output format, int color, FILE *out, char **err);

/* ---------------------------------------------------------------------------
 * Showing untrusted text: file names, and messages that name files.
 */

/* Write 'text' to 'out' for a person, as essay_results_write() writes essay
 * text: every control character (C0, DEL, C1, encoded or a stray byte
 * 0x80..0x9f), every bidirectional embedding, override or isolate (U+202A..
 * U+202E, U+2066..U+2069) and the line and paragraph separators (U+2028,
 * U+2029) as U+FFFD, so no escape sequence, bell, newline or reordering of
 * the text around it in a file name reaches the terminal.  Other bytes pass:
 * a file name need not be UTF-8. */
void essay_write_safe(FILE *out, const char *text);

/* Write "PROGRAM: ", the message 'fmt' formats (as printf() does) shown as
 * essay_write_safe() shows text, and a newline to 'out': a program's message
 * line, whose file names and echoed queries may hold anything. */
void essay_write_message(FILE *out, const char *program, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A malloc'd copy of text[0..len) as essay_write_safe() writes it (for a
 * program that draws text itself, as a full-screen view does).  NULL when out
 * of memory. */
char *essay_safe_copy(const char *text, size_t len);

/* A malloc'd copy of 'text' that is valid UTF-8, as JSON must be: each byte
 * outside a well-formed sequence replaced with U+FFFD.  NULL when out of memory. */
char *essay_utf8_repair(const char *text);

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
