/* index.c -- the writing half of libessay: essays in, Xapian documents out.
 *
 * One Xapian document per paragraph (see schema.c for the data and
 * private.h for the term prefixes).  Per-essay bookkeeping lives in the
 * index's own metadata under "essay/<id>" (written and parsed by store.c):
 *
 *     size SP mtime_ns SP content_hash SP paragraphs SP reading LF path LF title
 *
 * ('reading': the ESSAY_READING it was read by), so an update decides from
 * the index alone whether a file changed: size and mtime equal means unchanged
 * without reading it; otherwise the content hash decides (touching a file
 * does not re-index it, nor even parse it: the record keeps its title and
 * gets the new size and mtime).  An essay read by an older ESSAY_READING is
 * read again, changed or not (ESSAY_REREAD).  An essay with no text is
 * recorded too, with no paragraph, so that it is not read (nor warned about:
 * essay_index_warning) again until it changes.
 *
 * Spelling data ("did you mean") counts the words of the paragraph text, in
 * memory (wordcount.c), handed to Xapian at commit.  Deleting an essay's
 * paragraphs (it is removed, or re-indexed) takes back what they added: the
 * text stored in each document is analysed again and its words counted
 * down, by the same rule (store.c, essay__store_count_word).
 *
 * Changes become visible only at essay_index_commit(): the Xapian binding
 * keeps everything since the last commit in a transaction, and store.c
 * commits the paragraph and essay databases as one generation, so readers
 * see the index before or after a commit, never between, and a killed
 * indexer leaves the last commit intact (or one the next writer completes).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "private.h"

/* A database no reader sees yet commits every this many paragraphs: Xapian
 * holds the document values of a transaction in memory until its commit
 * (about 200 bytes a paragraph: 500 MB for a 1 GB build in one go). */
#define UNSEEN_COMMIT_EVERY 50000
/* ... and its essay database every this many essays.  Xapian buffers
 * XAPIAN_FLUSH_THRESHOLD documents of each database before writing them out;
 * essay_index_open() sets that high for a rebuild's paragraphs (fewer, larger writes),
 * and an essay document holds every word of an essay, so the essays would
 * take hundreds of MB at that count (bench/NOTES.md). */
#define UNSEEN_ESSAYS_COMMIT_EVERY 200

/* Distinct words counted before they are handed to Xapian and written out
 * ahead of a commit: Xapian holds about 600 bytes a word in memory until
 * then, so this bounds the memory of a long update (bench/NOTES.md). */
#define SPELLING_MAX_PENDING 50000

/* Xapian could not open the database at 'path' (the index, or one this
 * writer is building): who holds its lock, or that it is damaged. */
static essay_status open_failed(const char *path, const xc_error *xe, char **err)
{
    if (xe->kind == XC_ERR_LOCK)
        return essay__fail_xapian_locked(path, err);
    return essay__fail_damaged(err, xe, path);
}

/* Check (or, for a new index, record) the analyzer settings. */
static essay_status check_format(essay_index *ix, const char *language, char **err)
{
    xc_error xe;
    char *format = NULL, *stored_language = NULL;
    essay_status st = ESSAY_OK;
    if (xc_wdb_get_metadata(ix->wdb, ESSAY_META_FORMAT, &format, NULL, &xe) != 0
        || xc_wdb_get_metadata(ix->wdb, ESSAY_META_LANGUAGE, &stored_language, NULL, &xe) != 0) {
        st = essay__fail_xc(err, &xe, ix->path);
        goto out;
    }
    if (format[0] == '\0') {
        unsigned docs = 0;
        if (xc_wdb_doccount(ix->wdb, &docs, &xe) != 0) {
            st = essay__fail_xc(err, &xe, ix->path);
            goto out;
        }
        if (docs > 0) {
            st = essay__fail(err, ESSAY_INCOMPATIBLE,
                             "'%s' is not an essay index (rebuild it with essay-index --rebuild)",
                             ix->path);
            goto out;
        }
        /* libstemmer's name for a code ("fr": "french"), as essays' headers say it */
        const char *lang = language ? essay_language_name(language) : "english";
        if (lang == NULL)
            lang = language;    /* "none", "porter", or unknown: refused below */
        if ((st = essay_analyzer_new(lang, &ix->an)) != ESSAY_OK) {
            st = essay__fail(err, st, "unknown stemming language '%s'", lang);
            goto out;
        }
        if (essay__store_put_format(ix->wdb, lang, &xe) != 0)
            st = essay__fail_xc(err, &xe, ix->path);
        goto out;
    }
    if (strcmp(format, ESSAY_FORMAT_VERSION) != 0) {
        st = essay__fail(err, ESSAY_INCOMPATIBLE,
                         "index '%s' has format %s, this essay-index writes format %s: rebuild it "
                         "with essay-index --rebuild", ix->path, format, ESSAY_FORMAT_VERSION);
        goto out;
    }
    if ((st = essay_analyzer_new(stored_language, &ix->an)) != ESSAY_OK)
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' stems for unknown language '%s'",
                         ix->path, stored_language);
out:
    free(format);
    free(stored_language);
    return st;
}

int essay__index_settings(const char *path, char **language, char **roots, char **excludes,
                          char **extensions, xc_error *xe)
{
    *language = *roots = *excludes = *extensions = NULL;
    xc_error ignored;
    char *delta_path = essay__delta_path(path);
    xc_db *old = xc_db_open(path, xe);
    xc_db *delta = old && delta_path ? xc_db_open(delta_path, &ignored) : NULL;
    free(delta_path);
    if (old == NULL)
        return -1;
    xc_db *with_roots = delta && essay__delta_live(delta, old, 0) ? delta : old;
    if (xc_db_get_metadata(old, ESSAY_META_LANGUAGE, language, NULL, &ignored) != 0)
        *language = NULL;
    if (xc_db_get_metadata(with_roots, ESSAY_META_ROOTS, roots, NULL, &ignored) != 0)
        *roots = NULL;
    if (xc_db_get_metadata(with_roots, ESSAY_META_EXCLUDE, excludes, NULL, &ignored) != 0)
        *excludes = NULL;
    if (xc_db_get_metadata(with_roots, ESSAY_META_EXTENSIONS, extensions, NULL, &ignored) != 0)
        *extensions = NULL;
    xc_db_close(delta);
    xc_db_close(old);
    return 0;
}

/* Set the list 'key' (ESSAY_META_ROOTS, ESSAY_META_EXCLUDE, ...) of the rebuild
 * 'ix' to the old index's 'value', if any. */
static essay_status inherit(essay_index *ix, const char *key, const char *value, char **err)
{
    xc_error xe;
    if (value && *value && essay__store_put_list(ix->wdb, key, value, strlen(value), &xe) != 0)
        return essay__fail_xc(err, &xe, ix->rebuild_path);
    return ESSAY_OK;
}

/* The essay database (essays.c) of an index that is not being rebuilt:
 * created with a new, empty index, else opened if the index has one. */
static essay_status open_essays(essay_index *ix, char **err)
{
    xc_error xe;
    unsigned docs = 0;
    if (xc_wdb_doccount(ix->wdb, &docs, &xe) != 0
        || essay__essays_open(ix->path, docs == 0 ? XC_CREATE : 0, &ix->essays, &xe) != 0)
        return open_failed(ix->path, &xe, err);
    return ESSAY_OK;
}

/* Open the Xapian database the index writes to: the index itself, or for a
 * rebuild a new one beside it, inheriting the old one's settings. */
static essay_status open_database(essay_index *ix, int flags, const char *language, char **err)
{
    xc_error xe;
    if (!(flags & ESSAY_REBUILD)) {
        essay_status whole = essay__index_whole(ix->path, 1, err);
        if (whole != ESSAY_OK)
            return whole;
        ix->wdb = xc_wdb_open(ix->path, (flags & ESSAY_CREATE) ? XC_CREATE : 0, &xe);
        if (ix->wdb == NULL)
            return open_failed(ix->path, &xe, err);
        essay_status st = check_format(ix, language, err);
        if (st == ESSAY_OK)
            st = open_essays(ix, err);
        if (st == ESSAY_OK)
            st = essay__store_repair(ix, ix->wdb, ix->essays, err);
        return st == ESSAY_OK ? essay__delta_open(ix, err) : st;
    }
    if ((ix->rebuild_path = essay__rebuild_path(ix->path)) == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    ix->unseen = 1;
    /* What a killed rebuild left behind is of no use. */
    essay_status st = essay__remove_own(ix->rebuild_path, err);
    if (st == ESSAY_OK)
        st = essay__remove_parts(ix->rebuild_path, err);
    if (st != ESSAY_OK)
        return st;
    /* The old index's settings, which the new one inherits; a missing or
     * unreadable old index has none. */
    char *old_language, *roots, *excludes, *extensions;
    essay__index_settings(ix->path, &old_language, &roots, &excludes, &extensions, &xe);
    ix->wdb = xc_wdb_open(ix->rebuild_path, XC_OVERWRITE | XC_NO_SYNC, &xe);
    if (ix->wdb == NULL)
        st = open_failed(ix->rebuild_path, &xe, err);
    else
        st = check_format(ix, old_language && *old_language ? old_language : language, err);
    if (st == ESSAY_OK)
        st = inherit(ix, ESSAY_META_ROOTS, roots, err);
    if (st == ESSAY_OK)
        st = inherit(ix, ESSAY_META_EXCLUDE, excludes, err);
    if (st == ESSAY_OK)
        st = inherit(ix, ESSAY_META_EXTENSIONS, extensions, err);
    if (st == ESSAY_OK && essay__essays_open(ix->rebuild_path, XC_OVERWRITE | XC_NO_SYNC,
                                             &ix->essays, &xe) != 0)
        st = open_failed(ix->rebuild_path, &xe, err);
    free(old_language);
    free(roots);
    free(excludes);
    free(extensions);
    return st;
}

/* A handle with nothing open yet, for the database at 'path'. */
static essay_status index_new(const char *path, essay_index **out, char **err)
{
    essay_index *ix = calloc(1, sizeof *ix);
    if (ix == NULL || (ix->path = strdup(path)) == NULL
        || (ix->spelling = essay__wordcount_new()) == NULL) {
        if (ix)
            free(ix->path);
        free(ix);
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    ix->lock_fd = -1;
    *out = ix;
    return ESSAY_OK;
}

/* Xapian buffers XAPIAN_FLUSH_THRESHOLD documents of each database before
 * writing them out (inside the update's transaction: nothing is committed
 * early); it reads the variable when a database is opened for writing.
 * Its default, 10000, lets a few thousand long passages take hundreds of
 * MB, and an essay document (essays.c) holds every word of an essay, so
 * 1000 of them took 300 MB at 1 GB: an update buffers 200.  A rebuild
 * commits its essay database every UNSEEN_ESSAYS_COMMIT_EVERY essays, so it
 * buffers 1000 paragraphs: a tenth of the flushes, and a third less system
 * time (bench/NOTES.md).  A threshold the program's environment gave is kept. */
static void set_flush_threshold(int rebuild)
{
    static int given = -1;
    if (given < 0)
        given = getenv("XAPIAN_FLUSH_THRESHOLD") != NULL;
    if (!given)
        setenv("XAPIAN_FLUSH_THRESHOLD", rebuild ? "1000" : "200", 1);
}

essay_status essay_index_open(const char *path, int flags, const char *language,
                              essay_index **out, char **err)
{
    *out = NULL;
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (!exists && errno != ENOENT)
        return essay__fail(err, ESSAY_IO, "cannot open index '%s': %s", path, strerror(errno));
    if (exists && !S_ISDIR(st.st_mode))
        return essay__fail(err, ESSAY_IO, "cannot open index '%s': not a directory", path);
    /* A directory holding only what a first build that did not finish left
     * is no index yet: Xapian would only fail to open it. */
    essay_kind kind = essay_index_kind(path);
    if (kind == ESSAY_KIND_NONE && !(flags & (ESSAY_CREATE | ESSAY_REBUILD)))
        return essay__fail(err, ESSAY_NO_INDEX, "no index at '%s' yet", path);
    if ((flags & ESSAY_REBUILD) && kind != ESSAY_KIND_NONE && kind != ESSAY_KIND_INDEX)
        return essay__fail(err, ESSAY_INCOMPATIBLE, "'%s' holds files that are not an index, "
                           "which building the index there would replace: give another --index",
                           path);
    /* A rebuild replaces the index directory whole: what else is in it would go. */
    if ((flags & ESSAY_REBUILD) && exists) {
        essay_status only = essay__index_only(path, err);
        if (only != ESSAY_OK)
            return only;
    }
    int created = 0;
    if (!exists) {
        essay_status made = essay__mkdir_parents(path, err);
        if (made != ESSAY_OK)
            return made;
        created = mkdir(path, 0777) == 0;
        if (!created && errno != EEXIST)
            return essay__fail(err, ESSAY_IO, "cannot create index '%s': %s", path,
                               strerror(errno));
    }
    essay_index *ix;
    essay_status s = index_new(path, &ix, err);
    if (s != ESSAY_OK)
        return s;
    ix->created = created;
    set_flush_threshold(flags & ESSAY_REBUILD);
    s = essay__lock_acquire(path, flags & ESSAY_WAIT, &ix->lock_fd, err);
    if (s == ESSAY_OK)
        s = open_database(ix, flags, language, err);
    if (s != ESSAY_OK) {
        essay_index_abandon(ix);
        return s;
    }
    *out = ix;
    return ESSAY_OK;
}

essay_status essay__index_open_part(const essay_index *ix, unsigned k, essay_index **out,
                                    char **err)
{
    *out = NULL;
    char *path = essay__part_path(ix->rebuild_path, k);
    if (path == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_index *part;
    essay_status st = index_new(path, &part, err);
    free(path);
    if (st != ESSAY_OK)
        return st;
    part->unseen = 1;
    xc_error xe;
    part->wdb = xc_wdb_open(part->path, XC_OVERWRITE | XC_NO_SYNC, &xe);
    st = part->wdb ? check_format(part, essay_analyzer_language(ix->an), err)
                   : open_failed(part->path, &xe, err);
    if (st == ESSAY_OK && ix->essays
        && essay__essays_open(part->path, XC_OVERWRITE | XC_NO_SYNC, &part->essays, &xe) != 0)
        st = open_failed(part->path, &xe, err);
    if (st != ESSAY_OK) {
        essay_index_abandon(part);
        return st;
    }
    *out = part;
    return ESSAY_OK;
}

static int no_memory(xc_error *xe)
{
    xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    return -1;
}

essay_status essay__index_merge_parts(essay_index *ix, unsigned n_parts, char **err)
{
    xc_error xe;
    int has_essays = ix->essays != NULL;
    if (essay__store_close(ix, &xe) != 0)
        return essay__fail_xc(err, &xe, ix->rebuild_path);
    essay_status st = essay__compact_parts(ix->rebuild_path, n_parts, err);
    if (st != ESSAY_OK)
        return st;
    ix->compacted = 1;
    if ((ix->wdb = xc_wdb_open(ix->rebuild_path, XC_NO_SYNC, &xe)) == NULL
        || (has_essays && essay__essays_open(ix->rebuild_path, XC_NO_SYNC, &ix->essays, &xe) != 0))
        return open_failed(ix->rebuild_path, &xe, err);
    return ESSAY_OK;
}

/* Forget the warnings about the last essay read. */
static void clear_warning(essay_index *ix)
{
    essay__notices_free(ix->warnings, ix->n_warnings);
    ix->warnings = NULL;
    ix->n_warnings = 0;
}

const essay_notice *essay_index_warning(const essay_index *ix)
{
    return ix->n_warnings ? &ix->warnings[0] : NULL;
}

const essay_notice *essay_index_warnings(const essay_index *ix, size_t *count)
{
    *count = ix->n_warnings;
    return ix->warnings;
}

static void index_free(essay_index *ix)
{
    clear_warning(ix);
    essay__lock_release(ix->lock_fd);
    essay__wordcount_free(ix->spelling);
    essay__languages_free(ix->langs);
    essay_analyzer_free(ix->an);
    free(ix->rebuild_path);
    free(ix->path);
    free(ix->journal);
    free(ix);
}

essay_status essay_index_close(essay_index *ix, char **err)
{
    if (ix == NULL)
        return ESSAY_OK;
    xc_error xe;
    essay_status st = ESSAY_OK;
    if (ix->rebuild_path && ix->wdb && !ix->dry_run
        && essay__copies_key_rebuilt(ix->wdb, ix->compacted, &xe) != 0) {
        st = essay__fail_xc(err, &xe, ix->path);
        essay_index_abandon(ix);
        return st;
    }
    if (essay__store_close(ix, &xe) != 0)
        st = essay__fail_xc(err, &xe, ix->path);
    else if (ix->rebuild_path)
        st = essay__swap_in(ix->rebuild_path, ix->compacted, ix->path, err);
    else
        essay__delta_committed(ix);
    xc_wdb_abandon(ix->other_essays);   /* only read */
    xc_wdb_abandon(ix->other);
    index_free(ix);
    return st;
}

void essay_index_abandon(essay_index *ix)
{
    if (ix == NULL)
        return;
    if (ix->wdb)
        xc_wdb_abandon(ix->wdb);
    if (ix->essays)
        xc_wdb_abandon(ix->essays);
    xc_wdb_abandon(ix->other_essays);
    xc_wdb_abandon(ix->other);
    if (ix->rebuild_path) {
        essay__remove_own(ix->rebuild_path, NULL);
        essay__remove_parts(ix->rebuild_path, NULL);
    }
    /* A first build abandoned (under its lock: the directory is not another
     * writer's) leaves no directory that holds no index. */
    if (ix->rebuild_path && ix->lock_fd >= 0)
        essay__drop_unfinished(ix->path, ix->created);
    index_free(ix);
}

essay_status essay_index_commit(essay_index *ix, char **err)
{
    xc_error xe;
    if (essay__store_commit(ix, &xe) != 0)
        return essay__fail_xc(err, &xe, ix->path);
    ix->uncommitted = 0;
    ix->essays_uncommitted = 0;
    essay__delta_committed(ix);
    return ESSAY_OK;
}

typedef struct {
    essay_index *ix;
    int failed;
} uncount_ctx;

static int uncount_document(const xc_doc *doc, void *arg)
{
    uncount_ctx *c = arg;
    c->failed = essay__store_count_paragraph(c->ix, doc, -1) != 0;
    return c->failed;
}

/* Delete every paragraph of essay 'id', with the spelling data they added. */
static int delete_paragraphs(essay_index *ix, const char *id, xc_error *xe)
{
    char term[32];
    snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_ESSAY, id);
    uncount_ctx c = { .ix = ix };
    if (xc_wdb_each_document(ix->wdb, term, uncount_document, &c, xe) != 0)
        return -1;
    if (c.failed)
        return no_memory(xe);
    return xc_wdb_delete(ix->wdb, term, xe);
}

/* ---- one paragraph -> one document -------------------------------------- */

typedef struct {
    xc_doc *doc;
    xc_doc *essay;          /* the essay's document (essays.c) gathering its words, or NULL */
    essay_wordcount *spelling;
    const char *prefix;     /* for title/author terms */
    int positional;         /* body text: Z-stems with positions + bare terms */
    int boolean;            /* author: filter terms without weight; else title words */
    int title_positions;    /* title words: with positions, so that a phrase matches the
                               title (query.c); only in the essay's title paragraph */
    size_t words;           /* body text: the words added */
    essay_content_hash content;  /* body text: its copy key, gathered (copies.c) */
    essay_capitals capitals;     /* body text: the words written with a capital */
    int failed;
    xc_error *xe;
    char term[256];
} term_ctx;

static int add_token(const essay_token *tok, void *arg)
{
    term_ctx *c = arg;
    const char *word = c->boolean ? tok->term : tok->stem;
    size_t word_len = c->boolean ? tok->term_len : tok->stem_len;
    size_t plen = strlen(c->prefix);
    if (plen + word_len >= sizeof c->term)
        return 0;   /* the analyzer caps terms well below this */
    memcpy(c->term, c->prefix, plen);
    memcpy(c->term + plen, word, word_len);
    size_t len = plen + word_len;
    int rc;
    if (c->positional) {
        c->words++;
        essay__content_hash_add(&c->content, tok);
        rc = xc_doc_add_posting(c->doc, c->term, len, tok->position + 1, 1, c->xe);
        if (rc == 0 && c->essay)
            rc = xc_doc_add_term(c->essay, c->term, len, 1, c->xe);
        if (rc == 0 && !(tok->flags & ESSAY_TOKEN_WHOLE))
            rc = xc_doc_add_term(c->doc, tok->term, tok->term_len, 1, c->xe);
        if (rc == 0 && (essay__store_count_word(c->spelling, tok, 1) != 0
                        || essay__capitals_note(&c->capitals, tok) != 0))
            rc = no_memory(c->xe);
    } else if (c->boolean) {
        rc = xc_doc_add_boolean_term(c->doc, c->term, len, c->xe);
    } else if (c->title_positions) {
        rc = xc_doc_add_posting(c->doc, c->term, len, tok->position + 1, 1, c->xe);
    } else {
        rc = xc_doc_add_term(c->doc, c->term, len, 1, c->xe);
    }
    if (rc != 0) {
        c->failed = 1;
        return 1;
    }
    return 0;
}

static int add_text_terms(essay_analyzer *an, term_ctx *c, const char *prefix, const char *text,
                          size_t len, int positional, int boolean)
{
    c->prefix = prefix;
    c->positional = positional;
    c->boolean = boolean;
    if (essay_analyze(an, text, len, add_token, c) != ESSAY_OK && !c->failed)
        c->failed = no_memory(c->xe) != 0;
    return c->failed ? -1 : 0;
}

/* The filter terms every paragraph of an essay shares: essay, path, year,
 * language.  essay: matches the beginnings of the path terms, so the file
 * name without its extension needs no term of its own. */
static int add_essay_terms(xc_doc *doc, const char *id, const char *path, const essay_file *f,
                           const char *language, xc_error *xe)
{
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    if (essay__add_filter_term(doc, ESSAY_PREFIX_ESSAY, id, strlen(id), xe) != 0
        || essay__add_filter_term(doc, ESSAY_PREFIX_PATH, path, strlen(path), xe) != 0
        || essay__add_filter_term(doc, ESSAY_PREFIX_PATH, name, strlen(name), xe) != 0
        || essay__add_filter_term(doc, ESSAY_PREFIX_LANG, language, strlen(language), xe) != 0)
        return -1;
    if (f->date)    /* "YYYY", "YYYY-MM" or "YYYY-MM-DD" (header.c) */
        return essay__add_filter_term(doc, ESSAY_PREFIX_YEAR, f->date, 4, xe);
    return 0;
}

/* The title words of a paragraph whose words 'c' has added, if it has any:
 * with positions in the first of the essay to have them (*titled 0, then
 * 1), without in the others. */
static int add_title_terms(essay_analyzer *an, term_ctx *c, const char *title, int *titled)
{
    if (c->words == 0)
        return 0;
    c->title_positions = !*titled;
    *titled = 1;
    return add_text_terms(an, c, ESSAY_PREFIX_TITLE, title, strlen(title), 0, 0);
}

/* Paragraph i of the essay 'f', analysed with 'an' (its language's).  Its
 * essay's title words go with it, for the title bonus, unless it has no word
 * of its own ("* * *", "....."): such a paragraph has nothing to show for a
 * query, and would only rank, by its shortness, above the text of the essay
 * that holds the query's words.  The first paragraph that has them (the
 * title paragraph; *titled is 0 until then) has them with positions, so
 * that a phrase of the title finds the essay there, once, and not in every
 * paragraph (ESSAY_PREFIX_TITLE), and the keys of the title (headings.c),
 * as each paragraph of text has those of its headings. */
static int add_paragraph(essay_index *ix, essay_analyzer *an, const char *id, const char *path,
                         const essay_file *f, size_t i, xc_doc *essay, int *titled,
                         xc_error *xe)
{
    const char *language = essay_analyzer_language(an);
    const essay_paragraph *p = &f->paragraphs[i];
    essay_docdata d = {
        .path = path, .path_len = strlen(path),
        .title = f->title, .title_len = strlen(f->title),
        .author = f->author, .author_len = f->author ? strlen(f->author) : 0,
        .date = f->date, .date_len = f->date ? strlen(f->date) : 0,
        .text = p->text, .text_len = p->len,
        .line = p->line, .paragraph = (unsigned)i + 1,
        .line_starts = p->n_lines ? f->line_starts + p->lines : NULL, .n_line_starts = p->n_lines };
    size_t data_len;
    char *data = essay__docdata_pack(&d, &data_len);
    xc_doc *doc = xc_doc_new(xe);
    term_ctx c = { .doc = doc, .essay = essay, .spelling = ix->spelling, .xe = xe };
    char unique[ESSAY_UNIQUE_TERM_MAX];
    int n = snprintf(unique, sizeof unique, "%s%s:%zu", ESSAY_PREFIX_UNIQUE, id, i + 1);
    unsigned char copy_key[8];
    char copy_term[18];
    int rc = -1;
    essay__content_hash_start(&c.content, essay__paragraph_body(p->text, p->len));
    if (data == NULL || doc == NULL) {
        xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (xc_doc_set_data(doc, data, data_len, xe) != 0
        || add_text_terms(an, &c, ESSAY_PREFIX_STEM, p->text, p->len, 1, 0) != 0
        || essay__capitals_add(&c.capitals, doc, xe) != 0
        || add_title_terms(an, &c, f->title, titled) != 0
        || (!p->bare_heading
            && essay__add_heading_keys(an, doc, p->text, essay__paragraph_body(p->text, p->len),
                                       c.title_positions ? f->title : NULL, xe) != 0)
        || (f->author && add_text_terms(an, &c, ESSAY_PREFIX_AUTHOR, f->author,
                                        strlen(f->author), 0, 1) != 0)
        || add_essay_terms(doc, id, path, f, language, xe) != 0
        || (i == 0 && essay__add_name_words(doc, path, xe) != 0)
        || (an != ix->an && xc_doc_set_value(doc, ESSAY_SLOT_LANGUAGE, language,
                                             strlen(language), xe) != 0)
        || xc_doc_add_boolean_term(doc, unique, (size_t)n, xe) != 0
        || (p->bare_heading && xc_doc_add_boolean_term(doc, ESSAY_TERM_BARE_HEADING,
                                                       strlen(ESSAY_TERM_BARE_HEADING), xe) != 0)
        || xc_doc_set_value(doc, ESSAY_SLOT_ESSAY, id, strlen(id), xe) != 0
        || (!p->bare_heading && essay__copy_key(&c.content, copy_key, copy_term)
            && (xc_doc_set_value(doc, ESSAY_SLOT_COPY, (const char *)copy_key, sizeof copy_key,
                                 xe) != 0
                || xc_doc_add_boolean_term(doc, copy_term, strlen(copy_term), xe) != 0))
        || (f->date && xc_doc_set_value(doc, ESSAY_SLOT_DATE, f->date, strlen(f->date), xe) != 0))
        goto out;
    rc = essay__copies_add(ix->wdb, doc, ix->unseen, xe);
out:
    essay__capitals_free(&c.capitals);
    xc_doc_free(doc);
    free(data);
    return rc;
}

/* ---- essays ------------------------------------------------------------- */

/* A Xapian failure while indexing the essay at 'path' is the index's (a full
 * disk, a damaged database), not the essay's: the message names both. */
static essay_status write_failed(const essay_index *ix, const char *path, const xc_error *xe,
                                 char **err)
{
    char *what;
    if (asprintf(&what, "cannot write index '%s' (adding %s)", ix->path, path) < 0)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_status st = essay__fail_xc(err, xe, what);
    free(what);
    return st;
}

/* Replace the paragraphs of essay 'path' with those of 'text'.  'stat_rec'
 * holds size and mtime (zero for a buffer). */
static essay_status index_text(essay_index *ix, const char *path, const char *text, size_t len,
                               essay_record rec, essay_change *change, size_t *paragraphs,
                               char **err)
{
    char id[17];
    essay__essay_id(path, id);
    xc_error xe;
    essay_record old;
    char *old_title = NULL;
    essay_status st = essay__delta_writable(ix, err);
    if (st != ESSAY_OK)
        return st;
    int had = essay__record_get(ix, id, &old, &old_title, &xe);
    if (had < 0)
        return essay__fail_xc(err, &xe, ix->path);
    if ((st = essay__record_refuses(had, &old, ix->dry_run, path, err)) != ESSAY_OK) {
        free(old_title);
        *change = ESSAY_SKIPPED;
        return st;
    }
    rec.hash = essay__hash64(text, len);
    rec.reading = ESSAY_READING;
    int reread = had && old.hash == rec.hash;
    if (reread && old.reading == ESSAY_READING) {
        /* Touched, not changed (or reached another way): only the record's
         * size, mtime and link mark are new. */
        *change = ESSAY_UNCHANGED;
        *paragraphs = rec.paragraphs = old.paragraphs;
        if (old_title == NULL)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        else if ((old.size != rec.size || old.mtime_ns != rec.mtime_ns
                  || old.linked != rec.linked) && !ix->dry_run
                 && essay__record_put(ix->wdb, id, &rec, path, old_title, &xe) != 0)
            st = write_failed(ix, path, &xe, err);
        free(old_title);
        return st;
    }
    free(old_title);
    essay_file *f = NULL;
    st = essay__file_parse(path, text, len, &f, err);
    if (st != ESSAY_OK) {
        *change = ESSAY_SKIPPED;
        return st;
    }
    ix->warnings = f->warnings;     /* the warnings about the essay, taken from it */
    ix->n_warnings = f->n_warnings;
    f->warnings = NULL;
    f->n_warnings = 0;
    rec.paragraphs = f->n_paragraphs;
    /* An essay with no text is recorded (so it is not read again until it
     * changes), but nothing of it can be found: no change, unless it had
     * paragraphs, which go. */
    if (f->n_paragraphs == 0)
        *change = had && old.paragraphs > 0 ? ESSAY_UPDATED : ESSAY_UNCHANGED;
    else
        *change = reread ? ESSAY_REREAD : had ? ESSAY_UPDATED : ESSAY_ADDED;
    *paragraphs = f->n_paragraphs;
    if (ix->dry_run) {
        essay__file_free(f);
        return ESSAY_OK;
    }
    if (had && delete_paragraphs(ix, id, &xe) != 0)
        goto xapian_failed;
    if (ix->langs == NULL && (ix->langs = essay__languages_new(ix->an)) == NULL) {
        essay__file_free(f);
        *change = ESSAY_SKIPPED;
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    essay_analyzer *an = essay__languages_of_essay(ix->langs, f);
    essay_docdata names = {
        .path = path, .path_len = strlen(path),
        .title = f->title, .title_len = strlen(f->title),
        .author = f->author, .author_len = f->author ? strlen(f->author) : 0,
    };
    xc_doc *essay = ix->essays ? essay__essays_doc(an, id, &names, &xe) : NULL;
    if (ix->essays && essay == NULL)
        goto xapian_failed;
    int failed = 0, titled = 0;
    for (size_t i = 0; !failed && i < f->n_paragraphs; i++)
        failed = add_paragraph(ix, an, id, path, f, i, essay, &titled, &xe) != 0;
    failed = failed || (essay && (essay__essays_put(ix->essays, id, essay, &xe) != 0
                                  || (essay__store_note(ix, id, strlen(id)) != ESSAY_OK
                                      && no_memory(&xe))));
    xc_doc_free(essay);
    if (failed || (essay__wordcount_size(ix->spelling) > SPELLING_MAX_PENDING
                   && (essay__store_flush_spelling(ix, &xe) != 0
                       || xc_wdb_write_spelling(ix->wdb, &xe) != 0))
        || essay__record_put(ix->wdb, id, &rec, path, f->title, &xe) != 0)
        goto xapian_failed;
    essay__file_free(f);
    ix->uncommitted += rec.paragraphs;
    ix->essays_uncommitted++;
    if (ix->unseen && ix->uncommitted >= UNSEEN_COMMIT_EVERY)
        return essay_index_commit(ix, err);
    if (ix->unseen && ix->essays && ix->essays_uncommitted >= UNSEEN_ESSAYS_COMMIT_EVERY) {
        if (essay__store_commit_unseen_essays(ix, &xe) != 0)
            return essay__fail_xc(err, &xe, ix->path);
        ix->essays_uncommitted = 0;
    }
    return ESSAY_OK;
xapian_failed:
    essay__file_free(f);
    *change = ESSAY_SKIPPED;
    return write_failed(ix, path, &xe, err);
}

static int64_t mtime_ns(const struct stat *sb)
{
    return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

/* The record of the essay in the file at 'abs' (where it is, as essay__record_get()
 * says), and in *unchanged whether it has the file's size and mtime and was
 * read by this ESSAY_READING. */
static int record_of_file(essay_index *ix, const char *abs, const struct stat *sb,
                          essay_record *rec, int *unchanged, xc_error *xe)
{
    char id[17];
    essay__essay_id(abs, id);
    int where = essay__record_get(ix, id, rec, NULL, xe);
    *unchanged = where > 0 && rec->size == (uint64_t)sb->st_size && rec->mtime_ns == mtime_ns(sb)
                 && rec->reading == ESSAY_READING;
    return where;
}

essay_status essay__index_add_resolved(essay_index *ix, const char *path, const char *abs,
                                       int linked, essay_change *change, size_t *paragraphs,
                                       char **err)
{
    *change = ESSAY_SKIPPED;
    *paragraphs = 0;
    clear_warning(ix);
    struct stat sb;
    if (stat(abs, &sb) != 0)
        return essay__fail(err, ESSAY_IO, "%s: %s", path, strerror(errno));
    essay_record rec = {
        .size = (uint64_t)sb.st_size,
        .mtime_ns = mtime_ns(&sb),
        .linked = linked,
    };
    essay_record old;
    xc_error xe;
    int unchanged;
    if (record_of_file(ix, abs, &sb, &old, &unchanged, &xe) < 0)
        return essay__fail_xc(err, &xe, ix->path);
    if (unchanged && old.linked == linked) {
        *change = ESSAY_UNCHANGED;
        *paragraphs = old.paragraphs;
        return ESSAY_OK;
    }
    char *text;
    size_t len;
    /* Read by the name given, so that an error names a link, not its target. */
    essay_status st = essay__read_file(path, &text, &len, err);
    if (st != ESSAY_OK)
        return st;
    st = index_text(ix, abs, text, len, rec, change, paragraphs, err);
    free(text);
    return st;
}

essay_status essay_index_add_file(essay_index *ix, const char *path, essay_change *change,
                                  size_t *paragraphs, char **err)
{
    char *abs = realpath(path, NULL);
    if (abs == NULL) {
        *change = ESSAY_SKIPPED;
        *paragraphs = 0;
        clear_warning(ix);
        return essay__fail(err, ESSAY_IO, "%s: %s", path, strerror(errno));
    }
    essay_status st = essay__index_add_resolved(ix, path, abs, 0, change, paragraphs, err);
    free(abs);
    return st;
}

int essay__index_main_changed(essay_index *ix, const char *abs, int linked, xc_error *xe)
{
    struct stat sb;
    essay_record rec;
    int unchanged = 1, where = stat(abs, &sb) == 0
                               ? record_of_file(ix, abs, &sb, &rec, &unchanged, xe)
                               : 0;    /* gone: the sweep decides */
    return where < 0 ? -1 : where == 1 && (!unchanged || rec.linked != linked);
}

essay_status essay_index_add_buffer(essay_index *ix, const char *path, const char *text,
                                    size_t len, essay_change *change, size_t *paragraphs,
                                    char **err)
{
    *change = ESSAY_SKIPPED;
    *paragraphs = 0;
    clear_warning(ix);
    essay_record rec = { 0 };
    rec.size = len;
    return index_text(ix, path, text, len, rec, change, paragraphs, err);
}

essay_status essay__index_remove_id(essay_index *ix, const char *id, char **err)
{
    if (ix->dry_run)
        return ESSAY_OK;
    xc_error xe;
    essay_record rec;
    essay_status st = essay__delta_writable(ix, err);
    if (st != ESSAY_OK)
        return st;
    int where = essay__record_get(ix, id, &rec, NULL, &xe);
    if (where < 0)
        return essay__fail_xc(err, &xe, ix->path);
    if (where == 2)
        return ESSAY_OK;    /* in the main database while the delta is written: its file went
                               after the update chose the delta; the next update removes it */
    if (delete_paragraphs(ix, id, &xe) != 0 || essay__record_delete(ix->wdb, id, &xe) != 0
        || (ix->essays && (essay__essays_delete(ix->essays, id, &xe) != 0
                           || (essay__store_note(ix, id, strlen(id)) != ESSAY_OK
                               && no_memory(&xe)))))
        return essay__fail_xc(err, &xe, ix->path);
    return ESSAY_OK;
}

essay_status essay_index_remove(essay_index *ix, const char *path, essay_change *change,
                                char **err)
{
    *change = ESSAY_UNCHANGED;
    char id[17];
    essay_record rec;
    xc_error xe;
    /* An essay added from a buffer is recorded under its name as given. */
    essay__essay_id(path, id);
    int had = essay__record_get(ix, id, &rec, NULL, &xe);
    if (had < 0)
        return essay__fail_xc(err, &xe, ix->path);
    if (had) {
        essay_status st = essay__index_remove_id(ix, id, err);
        if (st == ESSAY_OK)
            *change = ESSAY_REMOVED;
        return st;
    }
    /* A file's essay is recorded under its absolute path; the file may be
     * gone already. */
    char *abs = essay__absolute_path(path);
    if (abs == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay__essay_id(abs, id);
    free(abs);
    had = essay__record_get(ix, id, &rec, NULL, &xe);
    if (had < 0)
        return essay__fail_xc(err, &xe, ix->path);
    if (!had)
        return ESSAY_OK;
    essay_status st = essay__index_remove_id(ix, id, err);
    if (st == ESSAY_OK)
        *change = ESSAY_REMOVED;
    return st;
}
