/* xapian-c.h -- a thin, generic C binding of the Xapian calls this project uses.
 *
 * It knows nothing of essays: databases, documents, postings, queries,
 * enquire with BM25, value counts, spelling, metadata, compaction.  Every function that
 * can fail takes an `xc_error *` last (may be NULL) and returns 0 on success,
 * -1 on failure, with the kind of the error and its message in the error:
 * the kind is decided once, where the exception is caught, so that callers
 * branch on it and never on an exception's class name.  No C++ exception
 * ever crosses into C.
 *
 * Ownership: _new/_open return a handle released by the matching _free/
 * _close (which accept NULL).  A returned `char *` is malloc'd for the caller
 * to free().  Strings passed in are copied; the caller keeps them.
 */
#ifndef XAPIAN_C_H
#define XAPIAN_C_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What went wrong, whatever Xapian class (or C++ exception) said it (from
 * 1: a zeroed xc_error holds no error). */
typedef enum {
    XC_ERR_OTHER = 1,       /* any other Xapian error, or a C++ exception of another kind */
    XC_ERR_NOMEM,           /* out of memory (std::bad_alloc, or a caller's malloc) */
    XC_ERR_ARGUMENT,        /* an argument the call cannot take: a NULL handle, a term
                               longer than glass stores, ... (InvalidArgumentError) */
    XC_ERR_NOT_FOUND,       /* no database at the path (DatabaseNotFoundError) */
    XC_ERR_OPENING,         /* a database that cannot be opened: another format version,
                               no permission, ... (DatabaseOpeningError) */
    XC_ERR_LOCK,            /* another writer holds the database (DatabaseLockError) */
    XC_ERR_MODIFIED,        /* a commit since the reader opened the database replaced what it
                               was reading: reopen and read again (DatabaseModifiedError) */
    XC_ERR_CORRUPT,         /* the database is damaged (DatabaseCorruptError) */
    XC_ERR_IO,              /* reading or writing the database failed, the system said why:
                               a full disk, an I/O error (a DatabaseError with an errno) */
    XC_ERR_NETWORK,         /* a remote database cannot be reached or stopped answering
                               (NetworkError) */
    XC_ERR_NO_DOCUMENT,     /* no document of that id (DocNotFoundError) */
} xc_error_kind;

typedef struct xc_error {
    xc_error_kind kind;
    char msg[508];          /* Xapian's message (with the system's reason, if any); Xapian's
                               class name when it gave none */
} xc_error;

/* Fill 'err' (if not NULL) with 'kind' and 'msg', as a failed call would:
 * for C code on top of the binding that fails between its calls or inside a
 * callback of it (out of memory, mostly).  Returns -1, a failed call's
 * result. */
int xc_error_set(xc_error *err, xc_error_kind kind, const char *msg);

typedef unsigned xc_docid;

typedef struct xc_db xc_db;           /* read-only database (one or more shards) */
typedef struct xc_wdb xc_wdb;         /* writable database */
typedef struct xc_doc xc_doc;         /* a document being built or read */
typedef struct xc_query xc_query;     /* an immutable query tree */
typedef struct xc_enquire xc_enquire; /* a query session on a database */
typedef struct xc_mset xc_mset;       /* the matches of an enquire */

/* ---- reading ------------------------------------------------------------ */

/* Open 'path' read-only: a database directory or a stub database file. */
xc_db *xc_db_open(const char *path, xc_error *err);
/* An empty database, to add shards to with xc_db_add / xc_db_add_remote
 * (search it only once it has at least one). */
xc_db *xc_db_new(xc_error *err);
/* Add the database at 'path' as a further shard of 'db'. */
int xc_db_add(xc_db *db, const char *path, xc_error *err);
/* Add the parts of the open database 'other' to 'db' (sharing them: no
 * second open); 'other' stays the caller's to close. */
int xc_db_add_db(xc_db *db, const xc_db *other, xc_error *err);
/* Add a remote shard served by xapian-tcpsrv at host:port.  'timeout_ms' bounds
 * each network operation (0: Xapian's default). */
int xc_db_add_remote(xc_db *db, const char *host, unsigned port, unsigned timeout_ms,
                     xc_error *err);
/* Metadata of part 'part' alone, as xc_db_get_metadata.  The parts of 'db'
 * are the databases it is made of, numbered from 0 as added: the one
 * xc_db_open opened, then one per xc_db_add / xc_db_add_remote.  Of a stub
 * database (one part) this is its first shard's, as is the metadata of 'db'
 * itself: Xapian reads metadata from one database only. */
int xc_db_part_metadata(xc_db *db, size_t part, const char *key, char **value, size_t *len,
                        xc_error *err);
/* How many parts 'db' is made of (see xc_db_part_metadata). */
size_t xc_db_parts(const xc_db *db);
/* How many databases Xapian searches as 'db': each shard of a stub database
 * or sharded index counts, as each part does. */
size_t xc_db_shards(const xc_db *db);
void xc_db_close(xc_db *db);

/* Metadata value of 'key' ("" when unset) in *value (malloc'd), its length in
 * *len (may be NULL). */
int xc_db_get_metadata(xc_db *db, const char *key, char **value, size_t *len, xc_error *err);
int xc_db_doccount(xc_db *db, unsigned *count, xc_error *err);
/* Call 'fn' for each metadata key beginning with 'prefix' until it returns non-zero. */
int xc_db_each_metadata_key(xc_db *db, const char *prefix,
                            int (*fn)(const char *key, size_t len, void *ctx), void *ctx,
                            xc_error *err);
/* The sum of the lengths (wdf) of all documents, in *length. */
int xc_db_total_length(xc_db *db, unsigned long long *length, xc_error *err);
/* Documents indexed by 'term' in *freq. */
int xc_db_termfreq(xc_db *db, const char *term, unsigned *freq, xc_error *err);
/* The document 'docid' (for its data and values). */
xc_doc *xc_db_get_document(xc_db *db, xc_docid docid, xc_error *err);
/* The first document indexed by 'term' (a unique term's one document) in
 * *docid, or 0 when no document is. */
int xc_db_term_docid(xc_db *db, const char *term, xc_docid *docid, xc_error *err);
/* Whether some document is indexed by both 'a' and 'b', in *meet: 1 yes,
 * 0 no, or XC_MEET_UNKNOWN when 'steps' postings of the rarer term were
 * read without finding out (a bound on the time it takes). */
#define XC_MEET_UNKNOWN 2
int xc_db_terms_meet(xc_db *db, const char *a, const char *b, unsigned steps, int *meet,
                     xc_error *err);
/* Call 'fn' for each term beginning with 'prefix' (in byte order): when it
 * returns 0, on to the next term; XC_EACH_PAST(k), k from 1 to the term's
 * length, on past every term that begins with the first k bytes of this
 * one (its first k bytes all 0xff: to the end); anything else stops. */
#define XC_EACH_PAST(k) (-(int)(k))
int xc_db_each_term(xc_db *db, const char *prefix,
                    int (*fn)(const char *term, size_t len, unsigned termfreq, void *ctx),
                    void *ctx, xc_error *err);
/* How many terms begin with 'prefix', counted up to 'max', in *count. */
int xc_db_count_terms(xc_db *db, const char *prefix, size_t max, size_t *count, xc_error *err);
/* Call 'fn' for each term of the document 'docid' (in byte order) until it
 * returns non-zero. */
int xc_db_each_doc_term(xc_db *db, xc_docid docid,
                        int (*fn)(const char *term, size_t len, void *ctx), void *ctx,
                        xc_error *err);
/* Count the values in 'slot' of every document matching 'q' (Xapian's
 * ValueCountMatchSpy over the whole match): call 'fn' with each distinct
 * value and how many matching documents hold it, in byte order of the
 * values, until it returns non-zero.  Documents with no value there count
 * nowhere. */
int xc_db_value_counts(xc_db *db, const xc_query *q, unsigned slot,
                       int (*fn)(const char *value, size_t len, unsigned count, void *ctx),
                       void *ctx, xc_error *err);
/* How many documents match 'q', in *count (0 on a failure): exact when
 * fewer than 'at_least' do, else at least 'at_least' (Xapian's estimate,
 * once it has checked that many).  'at_least' 1 asks whether any does
 * (*count 0: none); 'at_least' 0 takes the estimate from the statistics
 * alone, no document checked. */
int xc_db_count_matches(xc_db *db, const xc_query *q, unsigned at_least, unsigned *count,
                        xc_error *err);
/* The best spelling correction for 'word' within 'max_edits' edits, or NULL in
 * *suggestion when there is none. */
int xc_db_spelling(xc_db *db, const char *word, unsigned max_edits, char **suggestion,
                   xc_error *err);
/* How often 'word' occurs in the spelling data (0: not at all), in *freq. */
int xc_db_spelling_frequency(xc_db *db, const char *word, unsigned *freq, xc_error *err);

/* ---- writing ------------------------------------------------------------ */

#define XC_CREATE   1   /* create if missing (else a missing database is an error) */
#define XC_OVERWRITE 2  /* create, replacing whatever is there */
#define XC_NO_SYNC  4   /* do not fsync on commit (fast bulk builds; not crash-safe) */

/* Open 'path' for writing; fails with XC_ERR_LOCK while another writer
 * holds it. */
xc_wdb *xc_wdb_open(const char *path, int flags, xc_error *err);
/* Commit and close. */
int xc_wdb_close(xc_wdb *db, xc_error *err);
/* Close discarding uncommitted changes. */
void xc_wdb_abandon(xc_wdb *db);
int xc_wdb_commit(xc_wdb *db, xc_error *err);
/* Whether 'db' was written to since it was opened or last committed (0 for NULL). */
int xc_wdb_modified(const xc_wdb *db);
/* Add 'doc'; its new id in *docid (may be NULL).  As Xapian does, a failed
 * add, replace or delete discards every change since the last commit. */
int xc_wdb_add(xc_wdb *db, const xc_doc *doc, xc_docid *docid, xc_error *err);
/* Replace the document indexed by the unique term 'idterm' (or add it). */
int xc_wdb_replace(xc_wdb *db, const char *idterm, const xc_doc *doc, xc_error *err);
/* Delete every document indexed by 'term'. */
int xc_wdb_delete(xc_wdb *db, const char *term, xc_error *err);
int xc_wdb_set_metadata(xc_wdb *db, const char *key, const char *value, size_t len,
                        xc_error *err);
int xc_wdb_get_metadata(xc_wdb *db, const char *key, char **value, size_t *len, xc_error *err);
/* Call 'fn' for each metadata key beginning with 'prefix' until it returns non-zero. */
int xc_wdb_each_metadata_key(xc_wdb *db, const char *prefix,
                             int (*fn)(const char *key, size_t len, void *ctx), void *ctx,
                             xc_error *err);
/* Add 'freq' to the spelling frequency of 'word' / take it away. */
int xc_wdb_add_spelling(xc_wdb *db, const char *word, unsigned freq, xc_error *err);
int xc_wdb_remove_spelling(xc_wdb *db, const char *word, unsigned freq, xc_error *err);
/* Write the spelling changes Xapian holds in memory into the database's
 * tables (still uncommitted), so that a long transaction's memory stays
 * bounded; Xapian itself does it only at commit. */
int xc_wdb_write_spelling(xc_wdb *db, xc_error *err);
int xc_wdb_doccount(xc_wdb *db, unsigned *count, xc_error *err);
/* known[i] = whether words[i] is in the spelling data, for 'words[0..n)' in
 * ascending byte order (strcmp). */
int xc_wdb_spelling_known(xc_wdb *db, const char *const *words, size_t n, unsigned char *known,
                          xc_error *err);
/* How many documents hold 'term', uncommitted changes included. */
int xc_wdb_termfreq(xc_wdb *db, const char *term, unsigned *freq, xc_error *err);
/* As xc_db_each_term(), uncommitted changes included. */
int xc_wdb_each_term(xc_wdb *db, const char *prefix,
                     int (*fn)(const char *term, size_t len, unsigned termfreq, void *ctx),
                     void *ctx, xc_error *err);
/* Set 'slot' of document 'docid' to value[0..len). */
int xc_wdb_set_value(xc_wdb *db, xc_docid docid, unsigned slot, const char *value, size_t len,
                     xc_error *err);
/* Set 'slot' to value[0..len) in each document indexed by 'term' where it is
 * unset; how many were changed in *changed (may be NULL). */
int xc_wdb_set_value_where(xc_wdb *db, const char *term, unsigned slot, const char *value,
                           size_t len, unsigned *changed, xc_error *err);
/* Call 'fn' with each document indexed by 'term' (uncommitted changes
 * included), in docid order, until it returns non-zero.  The document is
 * borrowed for the call; change no document of 'db' from inside it. */
int xc_wdb_each_document(xc_wdb *db, const char *term,
                         int (*fn)(const xc_doc *doc, void *ctx), void *ctx, xc_error *err);

/* Merge the databases 'sources[0..n)' into a new compacted one at 'dest'. */
int xc_compact(const char *const *sources, size_t n, const char *dest, xc_error *err);

/* ---- documents ---------------------------------------------------------- */

xc_doc *xc_doc_new(xc_error *err);
void xc_doc_free(xc_doc *doc);
int xc_doc_set_data(xc_doc *doc, const char *data, size_t len, xc_error *err);
/* The document's data, borrowed from 'doc' (valid until it changes or is freed). */
const char *xc_doc_data(const xc_doc *doc, size_t *len);
/* Add 'term' at word position 'pos' and 'wdf_inc' to its within-document frequency.
 * These three refuse a term longer than 245 bytes (glass's limit). */
int xc_doc_add_posting(xc_doc *doc, const char *term, size_t len, unsigned pos,
                       unsigned wdf_inc, xc_error *err);
/* Add 'term' without a position. */
int xc_doc_add_term(xc_doc *doc, const char *term, size_t len, unsigned wdf_inc, xc_error *err);
/* Add a filter term: no positions, no weight (wdf 0). */
int xc_doc_add_boolean_term(xc_doc *doc, const char *term, size_t len, xc_error *err);
/* The within-document frequency of 'term' in 'doc' into *wdf (0 when it has
 * no such term). */
int xc_doc_term_wdf(xc_doc *doc, const char *term, size_t len, unsigned *wdf, xc_error *err);
int xc_doc_set_value(xc_doc *doc, unsigned slot, const char *value, size_t len, xc_error *err);
/* The value in 'slot', borrowed ("" when unset). */
const char *xc_doc_value(const xc_doc *doc, unsigned slot, size_t *len);

/* ---- queries ------------------------------------------------------------ */

typedef enum {
    XC_OP_AND, XC_OP_OR, XC_OP_AND_NOT, XC_OP_XOR, XC_OP_AND_MAYBE, XC_OP_FILTER,
    XC_OP_NEAR, XC_OP_PHRASE, XC_OP_ELITE_SET, XC_OP_SYNONYM, XC_OP_MAX,
    /* subs[0], its main query, OR the others, other ways to match: it
       matches and weighs as an OR; xc_query_on_main() runs the others as a
       bonus */
    XC_OP_OR_ELSE
} xc_op;

/* A term query; 'wqf' its within-query frequency (1 normally), 'pos' its
 * query position (0 if none). */
xc_query *xc_query_term(const char *term, size_t len, unsigned wqf, unsigned pos, xc_error *err);
/* Combine 'subs[0..n)' with 'op'; 'window' is the NEAR/PHRASE window (0: the
 * number of subqueries) or the ELITE_SET size.  The subqueries are not
 * consumed: free them yourself. */
xc_query *xc_query_combine(xc_op op, xc_query *const *subs, size_t n, unsigned window,
                           xc_error *err);
/* Terms beginning with 'prefix' (expanded at match time, up to 'max_expansion'
 * terms, 0 for no limit), combined with OP_SYNONYM. */
xc_query *xc_query_wildcard(const char *prefix, unsigned max_expansion, xc_error *err);
/* The same, expanded now over 'db': the 'max_expansion' terms of 'db' that
 * most documents hold (0: all).  A wildcard expands at match time in each
 * database of a search, each to its own terms, so that over shards every
 * shard weighs a different synonym; expanded over all of them, every
 * shard weighs the same. */
xc_query *xc_query_wildcard_in(xc_db *db, const char *prefix, unsigned max_expansion,
                               xc_error *err);
/* Documents whose value in 'slot' lies in [lo, hi] (string order; NULL = open end). */
xc_query *xc_query_value_range(unsigned slot, const char *lo, const char *hi, xc_error *err);
/* 'q' for the documents where the main query of each of its OR_ELSEs holds,
 * which a filter of the caller's keeps: each OR_ELSE on q's AND paths (the
 * left sides of AND_NOT, FILTER and AND_MAYBE, each part of an AND) run as
 * its main query AND_MAYBE the others, so that the documents it matches
 * where the mains hold have the same weights as in 'q', and fewer are
 * visited.  *whole is 1 when no OR_ELSE of 'q' stays an OR (one under an OR
 * or on a FILTER's right side does): then the result matches only where
 * every main holds, and is the filter's work done. */
xc_query *xc_query_on_main(const xc_query *q, int *whole, xc_error *err);
/* 'q' with its weights multiplied by 'factor' (0 makes it a pure filter). */
xc_query *xc_query_scale(const xc_query *q, double factor, xc_error *err);
xc_query *xc_query_match_all(xc_error *err);
/* How many distinct terms beginning with 'prefix' (NULL: any) 'q' holds, in *count. */
int xc_query_count_terms(const xc_query *q, const char *prefix, size_t *count, xc_error *err);
/* How many subqueries 'q' ANDs (0 when it is no AND, or NULL), and the i-th
 * subquery of 'q': the words of an AND of words, to weigh apart. */
size_t xc_query_n_parts(const xc_query *q);
xc_query *xc_query_part(const xc_query *q, size_t i, xc_error *err);
/* Xapian's description of the query, malloc'd (for tests and debugging). */
char *xc_query_describe(const xc_query *q);
void xc_query_free(xc_query *q);

/* ---- matching ----------------------------------------------------------- */

xc_enquire *xc_enquire_new(xc_db *db, xc_error *err);
void xc_enquire_free(xc_enquire *enq);
int xc_enquire_set_query(xc_enquire *enq, const xc_query *q, xc_error *err);
int xc_enquire_set_bm25(xc_enquire *enq, double k1, double k2, double k3, double b,
                        double min_normlen, xc_error *err);
/* At most 'max' matches for each value of 'slot' (collapse); max 0 turns it off. */
int xc_enquire_set_collapse(xc_enquire *enq, unsigned slot, unsigned max, xc_error *err);
/* Sort by the value in 'slot' (descending if 'reverse'), relevance breaking ties. */
int xc_enquire_set_sort_by_value(xc_enquire *enq, unsigned slot, int reverse, xc_error *err);
/* Sort by relevance, equal weights by the value in 'slot' (descending if
 * 'reverse'), then by docid. */
int xc_enquire_set_relevance_then_value(xc_enquire *enq, unsigned slot, int reverse,
                                        xc_error *err);
/* Equal weights in ascending docid order (the default) -- deterministic. */
int xc_enquire_set_docid_ascending(xc_enquire *enq, xc_error *err);
/* Whether the caller reads only the matches of this enquire's match sets,
 * no count (estimated, least, checked all): a page checking no more matches
 * than it holds may then be found faster, its counts not what they would be
 * (xapian-c.cc, "Bonuses held first").  Off by default. */
int xc_enquire_set_page_only(xc_enquire *enq, int page_only, xc_error *err);
/* Run: matches [first, first+max), checking at least 'check_at_least' for the estimate. */
xc_mset *xc_enquire_mset(xc_enquire *enq, unsigned first, unsigned max, unsigned check_at_least,
                         xc_error *err);
/* Up to 'max' terms (with 'prefix', if not NULL) that best describe the
 * documents 'docids[0..n)' (relevance feedback), each found in at least
 * 'min_docs' of them: call 'fn' for each, best first. */
int xc_enquire_expand(xc_enquire *enq, const xc_docid *docids, size_t n, unsigned max,
                      unsigned min_docs, const char *prefix,
                      int (*fn)(const char *term, size_t len, double weight, void *ctx),
                      void *ctx, xc_error *err);

size_t xc_mset_size(const xc_mset *m);
unsigned xc_mset_estimated(const xc_mset *m);
/* The least number of matches there can be (after a collapse: exact when
 * every match was checked, check_at_least at least the documents). */
unsigned xc_mset_lower_bound(const xc_mset *m);
/* Whether every match was checked (fewer matched than check_at_least): then
 * xc_mset_lower_bound() is their number, after a collapse too, where
 * xc_mset_estimated() is still an estimate. */
int xc_mset_checked_all(const xc_mset *m);
xc_docid xc_mset_docid(const xc_mset *m, size_t i);
double xc_mset_weight(const xc_mset *m, size_t i);
/* The i-th match's value in the collapse slot (xc_enquire_set_collapse()),
 * copied into 'buf' of 'size' bytes and ended by a NUL when it fits there:
 * its length ("" without a collapse, or for a match without the value). */
size_t xc_mset_collapse_key(const xc_mset *m, size_t i, char *buf, size_t size);
/* The i-th match's value in 'slot' (of a local database, its document's
 * data and other values unread; a remote one sends the whole document): its
 * length in *len, and into 'buf' of 'size' bytes as much of it as fits
 * before a NUL. */
int xc_mset_value(const xc_mset *m, size_t i, unsigned slot, char *buf, size_t size,
                  size_t *len, xc_error *err);
/* The i-th match's document, with its data and the values of the slots
 * 'slots[0..n_slots)' (another slot reads as empty: each slot read is a
 * lookup of its own); free it with xc_doc_free(). */
xc_doc *xc_mset_document(const xc_mset *m, size_t i, const unsigned *slots, size_t n_slots,
                         xc_error *err);
void xc_mset_free(xc_mset *m);

#ifdef __cplusplus
}
#endif
#endif
