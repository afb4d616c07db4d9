/* store.c -- the commit of an index's two databases, how an interrupted one
 * is repaired, the essay records, and the spelling data a commit hands to
 * Xapian.
 *
 * An index directory (the main one, and its delta: delta.c) holds a
 * paragraph database and an essay database (essays.c).  Xapian commits each
 * atomically, but not the two together, so this file alone commits them and
 * decides their order:
 *
 *     1. the essay database, recording the generation G+1 the pair is going
 *        to, and a journal: the id of every essay whose essay document
 *        changed since the last commit (essay__store_note());
 *     2. the spelling data counted (wordcount.c) handed to the paragraph
 *        database, which commits recording the generation G+1 too.
 *
 * Both recorded alike: the pair is one generation.  A writer killed between
 * the two commits, or whose second commit failed (a full disk), leaves the
 * essay database a generation ahead.  The next
 * writer to open the pair (essay__store_repair()) puts it back in step: the
 * paragraph database is the authority -- its records and its paragraphs'
 * stored text say what each essay holds -- so each journalled essay's
 * document is made anew from it (or deleted, when it holds no record), and
 * the essay database goes back to the paragraph database's generation.
 * Nothing needs a rebuild, and the answers are those of a clean build.  A
 * reader checks the generations of the pairs it opened
 * (essay__store_in_step()): out of step, it has met a commit between its
 * openings, or a writer killed there, and reads the paragraphs alone.
 *
 * A database no reader sees (a rebuild, a part of one) keeps no journal: a
 * killed rebuild is thrown away.  A commit with nothing to commit writes
 * nothing (xc_wdb_modified()), so closing after a commit costs no other.
 *
 * This file also owns the format of the essay records, "essay/<id>" in the
 * paragraph database's metadata (essay__record_put(), _get(), _parse()),
 * and writes what an index records of itself there, each by what it is
 * (essay__store_put_format(), _shard(), _list(), _last_update()): the
 * callers say what, the formats of those values stay their owners'
 * (index.c, update.c, lastupdate.c).  The delta's own markers of its
 * generation and of its fold are delta.c's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

/* Spelling data is only worth keeping for words a person might type. */
#define SPELLING_MIN_LEN 3

#define ID_LEN 16               /* an essay id: 16 hex digits (essay__essay_id) */
#define READING_MAX_DIGITS 6    /* a record's reading: far past any ESSAY_READING */
#define LINKED_MARK " L"        /* after it: the essay was reached through a link */

static int no_memory(xc_error *xe)
{
    xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    return -1;
}

/* ---- generations -------------------------------------------------------- */

static unsigned wdb_generation(xc_wdb *db, xc_error *xe, int *failed)
{
    char *value = NULL;
    if (xc_wdb_get_metadata(db, ESSAY_META_GENERATION, &value, NULL, xe) != 0) {
        *failed = 1;
        return 0;
    }
    unsigned gen = (unsigned)strtoul(value, NULL, 10);
    free(value);
    return gen;
}

static int set_generation(xc_wdb *db, unsigned gen, xc_error *xe)
{
    char value[16];
    int len = snprintf(value, sizeof value, "%u", gen);
    return xc_wdb_set_metadata(db, ESSAY_META_GENERATION, value, (size_t)len, xe);
}

/* The generation of each part of 'db' (malloc'd strings), and how many parts
 * (those read before running out of memory or failing to read one). */
static size_t part_generations(xc_db *db, char ***gens)
{
    *gens = NULL;
    size_t n = 0, cap = 0, parts = xc_db_parts(db);
    char *gen;
    xc_error xe;
    while (n < parts && xc_db_part_metadata(db, n, ESSAY_META_GENERATION, &gen, NULL, &xe) == 0) {
        if (essay__reserve((void **)gens, &cap, n + 1, sizeof **gens) != ESSAY_OK) {
            free(gen);
            break;
        }
        (*gens)[n++] = gen;
    }
    return n;
}

int essay__store_in_step(xc_db *db, xc_db *essays)
{
    char **gens, **essays_gens;
    size_t n = part_generations(db, &gens), n_essays = part_generations(essays, &essays_gens);
    /* Parts that do not pair (a stub file of shards is one part of 'db' and
     * a part of 'essays' a shard) are not compared. */
    int in_step = 1;
    for (size_t i = 0; n == n_essays && i < n; i++)
        in_step = in_step && strcmp(gens[i], essays_gens[i]) == 0;
    for (size_t i = 0; i < n; i++)
        free(gens[i]);
    for (size_t i = 0; i < n_essays; i++)
        free(essays_gens[i]);
    free(gens);
    free(essays_gens);
    return in_step;
}

/* ---- essay records ----------------------------------------------------- */

/* The number after blanks at *s, in 'base', as strtoull() reads it (a sign
 * too), into *out, *s past it; 0, or -1 when no digit is there. */
static int next_number(const char **s, int base, uint64_t *out)
{
    char *end;
    *out = strtoull(*s, &end, base);
    if (end == *s)
        return -1;
    *s = end;
    return 0;
}

int essay__record_parse(const char *value, size_t len, essay_record *rec)
{
    /* what sscanf("%lu %ld %lx %zu") reads, without its cost: a search
       checks the first records of every index it opens (essay__db_age()) */
    const char *at = value;
    uint64_t mtime, paragraphs;
    if (len == 0 || next_number(&at, 10, &rec->size) != 0 || next_number(&at, 10, &mtime) != 0
        || next_number(&at, 16, &rec->hash) != 0 || next_number(&at, 10, &paragraphs) != 0)
        return -1;
    rec->mtime_ns = (int64_t)mtime;
    rec->paragraphs = (size_t)paragraphs;
    size_t end = (size_t)(at - value);
    /* The reading, in a record that has it, ends the first line: a number
     * of at most READING_MAX_DIGITS digits, then LINKED_MARK for an essay
     * reached through a link.  Anything else there is damage, taken for a
     * record made before readings, whose essay is read again: a damaged
     * "-1" must not read as a reading from the future, which refuses the
     * whole index (shards.c). */
    rec->reading = 0;
    rec->linked = 0;
    const char *digits = value + end + 1, *after;
    size_t n = value[end] == ' ' ? strspn(digits, "0123456789") : 0;
    if (n == 0 || n > READING_MAX_DIGITS)
        return 0;
    after = digits + n;
    rec->linked = strncmp(after, LINKED_MARK, strlen(LINKED_MARK)) == 0;
    if (rec->linked)
        after += strlen(LINKED_MARK);
    if (*after == '\n' || *after == '\0')
        rec->reading = (unsigned)strtoul(digits, NULL, 10);
    else
        rec->linked = 0;
    return 0;
}

int essay__record_get(essay_index *ix, const char *id, essay_record *rec, char **title,
                      xc_error *xe)
{
    char key[64], *value = NULL;
    size_t len;
    snprintf(key, sizeof key, "%s%s", ESSAY_META_ESSAY, id);
    int where = 1;
    if (xc_wdb_get_metadata(ix->wdb, key, &value, &len, xe) != 0)
        return -1;
    if (len == 0 && ix->other) {
        free(value);
        where = 2;
        if (xc_wdb_get_metadata(ix->other, key, &value, &len, xe) != 0)
            return -1;
    }
    int found = essay__record_parse(value, len, rec) == 0;
    if (found && title)
        *title = essay__record_title(value);
    free(value);
    return found ? where : 0;
}

/* The walk of essay__each_record(). */
typedef struct {
    xc_db *db;
    essay__record_fn fn;
    void *ctx;
    int failed;
    xc_error *xe;
} record_walk;

static int walk_record(const char *key, size_t len, void *arg)
{
    record_walk *w = arg;
    char k[64], *value = NULL;
    size_t vlen;
    essay_record rec;
    if (len >= sizeof k)
        return 0;   /* not a record index.c writes */
    memcpy(k, key, len);
    k[len] = '\0';
    if (xc_db_get_metadata(w->db, k, &value, &vlen, w->xe) != 0) {
        w->failed = 1;
        return 1;
    }
    int stop = essay__record_parse(value, vlen, &rec) == 0 && w->fn(&rec, w->ctx);
    free(value);
    return stop;
}

int essay__each_record(xc_db *db, essay__record_fn fn, void *ctx, xc_error *xe)
{
    record_walk w = { .db = db, .fn = fn, .ctx = ctx, .xe = xe };
    return xc_db_each_metadata_key(db, ESSAY_META_ESSAY, walk_record, &w, xe) != 0 || w.failed
           ? -1 : 0;
}

/* The records essay__records_age() samples. */
typedef struct {
    size_t seen, older, newer;
} reading_sample;

static int sample_record(const essay_record *rec, void *arg)
{
    reading_sample *c = arg;
    c->seen++;
    c->older += rec->reading < ESSAY_READING;
    c->newer += rec->reading > ESSAY_READING;
    return c->seen == ESSAY_READING_SAMPLE;
}

int essay__db_age(xc_db *db, xc_error *xe)
{
    reading_sample c = { 0 };
    if (essay__each_record(db, sample_record, &c, xe) != 0)
        return -1;
    return c.newer ? ESSAY_AGE_NEWER : 2 * c.older > c.seen ? ESSAY_AGE_OLDER : ESSAY_AGE_CURRENT;
}

int essay__records_age(const char *index_path, xc_error *xe)
{
    xc_db *db = xc_db_open(index_path, xe);
    if (db == NULL)
        return -1;
    int rc = essay__db_age(db, xe);
    xc_db_close(db);
    return rc;
}

essay_status essay__record_refuses(int had, const essay_record *old, int dry_run, const char *path,
                                   char **err)
{
    if (had && old->reading > ESSAY_READING)   /* past the sample shards.c checks, or on
                                                  another shard than the first */
        return essay__fail(err, ESSAY_IO, "%s: indexed by a newer essay-index, which reads "
                           "essays in a way this one does not know: update the index with that "
                           "one, or rebuild it with this one", path);
    if (had == 2 && !dry_run)   /* the update chose the delta before this file changed */
        return essay__fail(err, ESSAY_IO, "%s: changed during the update; the next update "
                           "indexes it", path);
    return ESSAY_OK;
}

char *essay__record_title(const char *value)
{
    /* size ... LF path LF title: a title is one line, while a file name may
     * hold LFs. */
    const char *path = strchr(value, '\n'), *rest = strrchr(value, '\n');
    return strdup(rest && rest != path ? rest + 1 : "");
}

int essay__record_put(xc_wdb *wdb, const char *id, const essay_record *rec, const char *path,
                      const char *title, xc_error *xe)
{
    char key[64], *value;
    snprintf(key, sizeof key, "%s%s", ESSAY_META_ESSAY, id);
    int len = asprintf(&value, "%" PRIu64 " %" PRId64 " %016" PRIx64 " %zu %u%s\n%s\n%s",
                       rec->size, rec->mtime_ns, rec->hash, rec->paragraphs, rec->reading,
                       rec->linked ? LINKED_MARK : "", path, title);
    if (len < 0)
        return no_memory(xe);
    int rc = xc_wdb_set_metadata(wdb, key, value, (size_t)len, xe);
    free(value);
    return rc;
}

int essay__record_delete(xc_wdb *wdb, const char *id, xc_error *xe)
{
    char key[64];
    snprintf(key, sizeof key, "%s%s", ESSAY_META_ESSAY, id);
    return xc_wdb_set_metadata(wdb, key, "", 0, xe);
}

/* ---- what an index records of itself ------------------------------------ */

int essay__store_put_format(xc_wdb *wdb, const char *language, xc_error *xe)
{
    return xc_wdb_set_metadata(wdb, ESSAY_META_FORMAT, ESSAY_FORMAT_VERSION,
                               strlen(ESSAY_FORMAT_VERSION), xe) != 0
                   || xc_wdb_set_metadata(wdb, ESSAY_META_LANGUAGE, language, strlen(language),
                                          xe) != 0
                   || essay__names_mark_listed(wdb, xe) != 0
               ? -1
               : 0;
}

int essay__store_put_shard(xc_wdb *wdb, const char *record, xc_error *xe)
{
    return xc_wdb_set_metadata(wdb, ESSAY_META_SHARD, record, strlen(record), xe);
}

int essay__store_put_list(xc_wdb *wdb, const char *key, const char *lines, size_t len,
                          xc_error *xe)
{
    return xc_wdb_set_metadata(wdb, key, lines, len, xe);
}

int essay__store_put_last_update(xc_wdb *wdb, const char *record, xc_error *xe)
{
    return xc_wdb_set_metadata(wdb, ESSAY_META_LAST_UPDATE, record, strlen(record), xe);
}

/* ---- the journal -------------------------------------------------------- */

essay_status essay__store_note(essay_index *ix, const char *id, size_t len)
{
    if (ix->unseen || len != ID_LEN)
        return ESSAY_OK;
    if (essay__reserve((void **)&ix->journal, &ix->journal_cap, ix->journal_len + ID_LEN + 2, 1)
        != ESSAY_OK)
        return ESSAY_NOMEM;
    memcpy(ix->journal + ix->journal_len, id, ID_LEN);
    ix->journal_len += ID_LEN;
    ix->journal[ix->journal_len++] = '\n';
    ix->journal[ix->journal_len] = '\0';
    return ESSAY_OK;
}

/* ---- spelling data ------------------------------------------------------ */

int essay__store_count_word(essay_wordcount *spelling, const essay_token *tok, int sign)
{
    if (tok->term_len < SPELLING_MIN_LEN || (tok->flags & ESSAY_TOKEN_WHOLE))
        return 0;
    return essay__wordcount_add(spelling, tok->term, tok->term_len, sign);
}

typedef struct {
    essay_index *ix;
    int sign;
    int failed;
} recount_ctx;

static int recount_token(const essay_token *tok, void *arg)
{
    recount_ctx *c = arg;
    if (essay__store_count_word(c->ix->spelling, tok, c->sign) != 0)
        c->failed = 1;
    return c->failed;
}

int essay__store_count_paragraph(essay_index *ix, const xc_doc *doc, int sign)
{
    recount_ctx c = { .ix = ix, .sign = sign };
    size_t len;
    const char *data = xc_doc_data(doc, &len);
    essay_docdata d;
    if (essay__docdata_unpack(data, len, &d) != 0)
        return 0;   /* not a paragraph document: it added no spelling data */
    if (essay_analyze(ix->an, d.text, d.text_len, recount_token, &c) != ESSAY_OK)
        c.failed = 1;
    return c.failed ? -1 : 0;
}

typedef struct {
    xc_wdb *wdb;
    xc_error *xe;
} spelling_ctx;

static int add_spelling(const char *word, long count, void *arg)
{
    spelling_ctx *c = arg;
    if (count > 0)
        return xc_wdb_add_spelling(c->wdb, word, (unsigned)count, c->xe);
    if (count < 0)
        return xc_wdb_remove_spelling(c->wdb, word, (unsigned)-count, c->xe);
    return 0;
}

typedef struct {
    const char *word;
    long count;
} word_count;

static int gather_word(const char *word, long count, void *arg)
{
    word_count **next = arg;
    *(*next)++ = (word_count){ .word = word, .count = count };
    return 0;
}

static int compare_words(const void *a, const void *b)
{
    return strcmp(((const word_count *)a)->word, ((const word_count *)b)->word);
}

/* add_spelling() for each word counted that the database 'known' lacks,
 * looked up in byte order (one pass through its spelling data). */
static int add_new_words(essay_index *ix, xc_wdb *known, spelling_ctx *c)
{
    size_t n = essay__wordcount_size(ix->spelling);
    word_count *counted = malloc((n ? n : 1) * sizeof *counted), *next = counted;
    const char **words = malloc((n ? n : 1) * sizeof *words);
    unsigned char *in_known = malloc(n ? n : 1);
    int rc = -1;
    if (counted == NULL || words == NULL || in_known == NULL) {
        no_memory(c->xe);
        goto out;
    }
    essay__wordcount_each(ix->spelling, gather_word, &next);
    qsort(counted, n, sizeof *counted, compare_words);
    for (size_t i = 0; i < n; i++)
        words[i] = counted[i].word;
    if (xc_wdb_spelling_known(known, words, n, in_known, c->xe) != 0)
        goto out;
    rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (!in_known[i])
            rc = add_spelling(counted[i].word, counted[i].count, c);
out:
    free(counted);
    free(words);
    free(in_known);
    return rc;
}

/* Hand the counted words to Xapian's spelling data, up or down (part of the
 * pending transaction: nothing is committed here).  The delta keeps only the
 * words its main database lacks, so that "did you mean" knows them: each new
 * word costs Xapian a handful of compressed entries in a small new table,
 * and the fold counts every word of the delta's paragraphs into the main
 * database (delta.c).  The main database does not change while a delta
 * lives, so words are left out alike as they are counted up and down. */
int essay__store_flush_spelling(essay_index *ix, xc_error *xe)
{
    spelling_ctx c = { .wdb = ix->wdb, .xe = xe };
    int rc = ix->delta_state == ESSAY_DELTA_WRITING
             ? add_new_words(ix, ix->other, &c)
             : essay__wordcount_each(ix->spelling, add_spelling, &c);
    if (rc != 0)
        return -1;
    essay__wordcount_clear(ix->spelling);
    return 0;
}

/* ---- the commit --------------------------------------------------------- */

static int close_unmodified(essay_index *ix, xc_error *xe)
{
    int rc = xc_wdb_close(ix->essays, xe);
    ix->essays = NULL;
    if (rc == 0)
        rc = xc_wdb_close(ix->wdb, xe);
    else
        xc_wdb_abandon(ix->wdb);
    ix->wdb = NULL;
    return rc;
}

/* essay__store_commit(); with 'close', each database is closed after its commit. */
static int commit_pair(essay_index *ix, int close, xc_error *xe)
{
    int failed = 0;
    if (!xc_wdb_modified(ix->essays) && !xc_wdb_modified(ix->wdb)
        && essay__wordcount_size(ix->spelling) == 0)
        return close ? close_unmodified(ix, xe) : 0;    /* a commit with nothing to commit */
    unsigned gen = wdb_generation(ix->wdb, xe, &failed) + 1;
    if (failed)
        return -1;
    if (ix->essays) {
        const char *journal = ix->journal ? ix->journal : "";
        if (set_generation(ix->essays, gen, xe) != 0
            || xc_wdb_set_metadata(ix->essays, ESSAY_META_JOURNAL, journal, ix->journal_len,
                                   xe) != 0)
            return -1;
        int rc = close ? xc_wdb_close(ix->essays, xe) : xc_wdb_commit(ix->essays, xe);
        if (close)
            ix->essays = NULL;
        if (rc != 0)
            return -1;
    }
    ix->journal_len = 0;
    if (essay__store_flush_spelling(ix, xe) != 0 || set_generation(ix->wdb, gen, xe) != 0)
        return -1;
    if (!close)
        return xc_wdb_commit(ix->wdb, xe);
    int rc = xc_wdb_close(ix->wdb, xe);
    ix->wdb = NULL;
    return rc;
}

int essay__store_commit(essay_index *ix, xc_error *xe)
{
    return commit_pair(ix, 0, xe);
}

int essay__store_close(essay_index *ix, xc_error *xe)
{
    int rc = commit_pair(ix, 1, xe);
    if (rc != 0) {
        xc_wdb_abandon(ix->essays);
        xc_wdb_abandon(ix->wdb);
        ix->essays = ix->wdb = NULL;
    }
    return rc;
}

int essay__store_commit_unseen_essays(essay_index *ix, xc_error *xe)
{
    /* One database committed alone: the pair is out of step until the next
     * commit_pair(), which no reader sees of a database not yet in place. */
    return xc_wdb_commit(ix->essays, xe);
}

/* ---- the repair --------------------------------------------------------- */

typedef struct {
    xc_doc *doc;
    char term[256];
    int failed;
    xc_error *xe;
} essay_words;

/* The word of a paragraph's text in its essay's document, as index.c adds it. */
static int add_essay_word(const essay_token *tok, void *arg)
{
    essay_words *c = arg;
    size_t plen = strlen(ESSAY_PREFIX_STEM);
    if (plen + tok->stem_len >= sizeof c->term)
        return 0;
    memcpy(c->term, ESSAY_PREFIX_STEM, plen);
    memcpy(c->term + plen, tok->stem, tok->stem_len);
    if (xc_doc_add_term(c->doc, c->term, plen + tok->stem_len, 1, c->xe) != 0)
        c->failed = 1;
    return c->failed;
}

/* An essay's document being made anew. */
typedef struct {
    essay_languages *langs;
    const char *id;
    essay_words words;      /* words.doc: NULL until its first paragraph names its language */
} essay_remake;

/* Begin the document of the essay 'r', in the language of its analyzer 'an',
 * of the path, title and author of 'names'. */
static int begin_essay(essay_remake *r, essay_analyzer *an, const essay_docdata *names)
{
    r->words.doc = essay__essays_doc(an, r->id, names, r->words.xe);
    return r->words.doc ? 0 : -1;
}

static int add_paragraph_words(const xc_doc *doc, void *arg)
{
    essay_remake *r = arg;
    size_t len, language_len;
    const char *data = xc_doc_data(doc, &len);
    const char *language = xc_doc_value(doc, ESSAY_SLOT_LANGUAGE, &language_len);
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)language_len, language);   /* "": the default */
    /* The essay's language, as index.c analysed it: its paragraphs say it. */
    essay_analyzer *an = essay__languages_get(r->langs, name);
    if (an == NULL)
        return r->words.failed = no_memory(r->words.xe) != 0;
    essay_docdata d;
    if (essay__docdata_unpack(data, len, &d) != 0)
        return 0;
    if (r->words.doc == NULL && begin_essay(r, an, &d) != 0)
        return r->words.failed = 1;
    if (essay_analyze(an, d.text, d.text_len, add_essay_word, &r->words) != ESSAY_OK
        && !r->words.failed)
        r->words.failed = no_memory(r->words.xe) != 0;
    return r->words.failed;
}

/* Make the essay document of essay 'id' anew from the paragraph database
 * 'wdb' (its paragraphs' path, title, author and text, analysed in their
 * language; an essay without paragraphs: its record's title), or delete it
 * when 'wdb' has no record of it. */
static int remake_essay(xc_wdb *wdb, xc_wdb *essays, essay_languages *langs, const char *id,
                        xc_error *xe)
{
    char key[64], *value = NULL;
    size_t len;
    essay_record rec;
    snprintf(key, sizeof key, "%s%s", ESSAY_META_ESSAY, id);
    if (xc_wdb_get_metadata(wdb, key, &value, &len, xe) != 0)
        return -1;
    if (essay__record_parse(value, len, &rec) != 0) {
        free(value);
        return essay__essays_delete(essays, id, xe);
    }
    char *title = essay__record_title(value);
    free(value);
    if (title == NULL)
        return no_memory(xe);
    essay_docdata without_paragraphs = { .title = title, .title_len = strlen(title), .path = "" };
    essay_remake r = { .langs = langs, .id = id, .words = { .xe = xe } };
    char term[32];
    snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_ESSAY, id);
    /* An essay without paragraphs has its title in the index's language. */
    int rc = xc_wdb_each_document(wdb, term, add_paragraph_words, &r, xe) != 0 || r.words.failed
             || (r.words.doc == NULL
                 && begin_essay(&r, essay__languages_get(langs, ""), &without_paragraphs) != 0)
             ? -1 : essay__essays_put(essays, id, r.words.doc, xe);
    xc_doc_free(r.words.doc);
    free(title);
    return rc;
}

essay_status essay__store_repair(essay_index *ix, xc_wdb *wdb, xc_wdb *essays, char **err)
{
    const char *path = ix->path;
    if (essays == NULL)
        return ESSAY_OK;
    xc_error xe;
    int failed = 0;
    unsigned gen = wdb_generation(wdb, &xe, &failed);
    unsigned essays_gen = failed ? 0 : wdb_generation(essays, &xe, &failed);
    if (failed)
        return essay__fail_xc(err, &xe, path);
    if (gen == essays_gen)
        return ESSAY_OK;
    char *journal = NULL;
    size_t len;
    if (xc_wdb_get_metadata(essays, ESSAY_META_JOURNAL, &journal, &len, &xe) != 0)
        return essay__fail_xc(err, &xe, path);
    if (ix->langs == NULL && (ix->langs = essay__languages_new(ix->an)) == NULL) {
        free(journal);
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i + ID_LEN < len; i += ID_LEN + 1) {
        journal[i + ID_LEN] = '\0';
        rc = remake_essay(wdb, essays, ix->langs, journal + i, &xe);
    }
    free(journal);
    if (rc != 0 || set_generation(essays, gen, &xe) != 0
        || xc_wdb_set_metadata(essays, ESSAY_META_JOURNAL, "", 0, &xe) != 0
        || xc_wdb_commit(essays, &xe) != 0)
        return essay__fail_xc(err, &xe, path);
    return ESSAY_OK;
}
