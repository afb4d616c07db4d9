/* xapian-c.cc -- the C binding of Xapian 1.4 declared in xapian-c.h.
 *
 * The only C++ in the tree.  Each handle is a small struct holding the Xapian
 * object (struct xc_db { Xapian::Database db; ... } ...; an xc_db also keeps
 * each database it was made of, its "parts", for per-shard metadata).  Every
 * entry point runs its body through guarded(), which catches every C++
 * exception and turns it into -1 (or NULL) plus the error's kind and message
 * in the caller's xc_error: a Xapian::Error by its class (current_kind(), the
 * one place that looks at Xapian's classes), std::bad_alloc as XC_ERR_NOMEM,
 * anything else as XC_ERR_OTHER.  NULL handles and NULL strings are reported
 * as XC_ERR_ARGUMENT, never dereferenced.
 *
 * Writing, and why every xc_wdb is always inside a transaction.  In Xapian 1.4
 * a WritableDatabase commits by itself: every XAPIAN_FLUSH_THRESHOLD (10000)
 * changes, and again when it is closed or destroyed.  So neither "close
 * without committing" (xc_wdb_abandon) nor "readers see the old index or the
 * new one, never half of one" could be had from a plain WritableDatabase.
 * Inside a transaction both automatic commits are off: the destructor cancels
 * the transaction instead, and a flush only moves the buffered postings into
 * the tables' uncommitted blocks (glass keeps them on disk, so memory stays
 * bounded by the flush threshold exactly as without a transaction; a bulk
 * build of any size costs no more).  Hence:
 *   - xc_wdb_open begins an unflushed transaction (begin_transaction(false),
 *     which does no I/O);
 *   - xc_wdb_commit ends it (commit_transaction() of an unflushed transaction
 *     only clears the flag), commits with commit(), and begins the next one,
 *     even when the commit failed, so the invariant always holds;
 *   - xc_wdb_abandon deletes the handle: the destructor cancels the open
 *     transaction, which discards everything since the last commit;
 *   - xc_wdb_close is xc_wdb_commit followed by xc_wdb_abandon (nothing is
 *     left to discard after a successful commit).
 * The one cost: nothing reaches readers until the caller commits, so a bulk
 * build should call xc_wdb_commit every batch if it wants progress visible.
 * (Measured here on 200,000 documents of 50 postings: the same peak memory
 * as a plain WritableDatabase, and faster, with a smaller result, when the
 * whole build is one commit.)
 *
 * Xapian's own rule, which no transaction changes: when adding, replacing or
 * deleting a document fails, it discards every change since the last commit.
 * The one such failure a caller's input can cause, a term longer than glass
 * takes, is therefore refused earlier, when the term is added to the xc_doc.
 *
 * Documents.  xc_doc keeps a copy of its data and values beside the
 * Xapian::Document, kept in step by every setter and read eagerly when a
 * document comes from a database or a match.  xc_doc_data() and xc_doc_value()
 * can then hand out borrowed pointers without calling into Xapian, so they
 * never fail, and a document read stays readable after its database moves on.
 *
 * AND_MAYBE.  Xapian 1.4's AndMaybePostList loses a document when, its
 * right side being ahead of its left (on a document the left holds too), the
 * minimum weight of the match set passes what the left alone can score: it
 * turns into an AND and skips past that document (next(): skip_to(max(lhead,
 * rhead) + 1)), so a query's best hit went missing for some page sizes and
 * not others, and differently on shards.  So an xc_query runs
 * "a AND_MAYBE b..." as "a AND (b OR ... OR every document, weighing 0)":
 * the same matches and weights, and its OR turns into an AND_MAYBE whose
 * left is b, which turns into an AND only when no document can reach the
 * minimum.  (With a itself in place of every document, the match read a's
 * postings twice: 5% more instructions over the bench's queries; 0.6% so.)
 * It is described as built.
 *
 * Sieves.  The right sides of an AND_NOT or a FILTER only decide which
 * documents match: no weight of theirs counts.  Xapian still reads all of
 * them, an AND_MAYBE's right side on each document of its left (a phrase's
 * positions, say, for a tier left out of the next).  So an xc_query keeps its
 * sieve too, the same documents with each AND_MAYBE cut to its left side and
 * each weight's scale dropped (but for an ELITE_SET, whose members are
 * chosen by weight), and an AND_NOT or a FILTER runs the sieves of its right
 * sides, as does a count, which weighs nothing.
 *
 * Alternatives.  An OR_ELSE is an OR of a main query and other ways to match
 * (the title of an essay holding a phrase its text may not).  It matches
 * and weighs as an OR; but where a caller's filter keeps only the documents
 * its main query matches, its other ways are a bonus, and running them as
 * ways to match makes Xapian visit every document they match: 40% of a
 * phrase's tier.  So an xc_query keeps its form on the main ways too
 * (xc_query_on_main()): each OR_ELSE on its AND paths run as its main query
 * AND_MAYBE the rest, whose documents that the filter keeps have the same
 * weights; an OR_ELSE under an OR, say, is left as it is (a document of the
 * OR's other side may hold the main of neither, and weighs its other way).
 *
 * Bonuses held first.  Xapian stops checking a query's matches once no
 * document left could pass the page's lowest weight, but it learns that
 * weight only as it goes, in docid order: "a AND_MAYBE b" reads every
 * document of a until the page is full of documents weighing more than a
 * alone can.  Where b is short (an essay title's word), those are mostly the
 * documents of "a AND b".  So an xc_query whose left path from the top holds
 * an AND_MAYBE keeps that query too (its held form: each of its documents
 * weighs what it does in 'run'), and a match for a page alone, ranked by
 * relevance, runs it first: the page's lowest weight there is the lowest
 * the whole can have (a document found there is one of the whole's, and
 * weighs no less), so the whole runs with it as its weight cutoff from its
 * first document, and finds the same page.  Its counts are another's: only
 * a caller that reads none says so (xc_enquire_set_page_only()).  It pays
 * where a's postings are read one by one (a term, a synonym, a term AND_NOT
 * another: an AND or an OR skips by itself), fewer documents hold b than a,
 * and many more than the page (held_floor()); and Xapian 1.4 prunes some
 * bonuses wrongly under a cutoff (an OR holding an AND_NOT: pages found
 * empty), so b is made of terms.  Over the bench's 100 MB,
 * `world` 947 -> 222 us in-process, `time` 504 -> 371, `power` 1,163 ->
 * 182; where more held b, `history` went 1,415 -> 1,968.
 *
 * Compaction merges the sources as the shards of one Database and calls its
 * plain compact(dest): the default flags renumber each source's document ids
 * by an offset (correct whatever ids the sources use, which
 * DBCOMPACT_NO_RENUMBER is not) and use Compactor::FULL, the default.
 */
#include "xapian-c.h"

#include <xapian.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

struct xc_db {
    Xapian::Database db;
    /* The databases 'db' was made of, in the order added (each shares its
     * shards' internals with 'db': no second connection, no second open). */
    std::vector<Xapian::Database> parts;
    /* Each term's frequency once read: a reader's revision does not move
     * (a commit is seen by another xc_db, never this one), and a search asks
     * the same terms again and again (each rule of the query's plan, the
     * snippets' weights).  Emptied when a part is added, and when it holds
     * TERMFREQS_KEPT (a searcher that answers query after query). */
    std::unordered_map<std::string, unsigned> termfreqs;
};

struct xc_wdb {
    Xapian::WritableDatabase db;
    bool modified;                             /* written to since the last commit */
};

struct xc_doc {
    Xapian::Document doc;
    std::string data;                          /* mirror of doc's data */
    std::map<unsigned, std::string> values;    /* mirror of doc's non-empty values */
};

/* A query's held form (see the top of the file): 'query' matches the
 * documents of the AND_MAYBE on its left path from the top that hold one of
 * its bonuses, each with the weight it has in the whole; 'required' and
 * 'bonus' are that AND_MAYBE's sides.  All empty where there is none. */
struct held_form {
    Xapian::Query query;
    Xapian::Query required;
    Xapian::Query bonus;
};

struct xc_query {
    Xapian::Query query;    /* as built, and described */
    Xapian::Query run;      /* what a match runs: 'query' with each AND_MAYBE rebuilt (above) */
    Xapian::Query sieve;    /* what a match runs where no weight counts (below) */
    Xapian::Query on_main;  /* what a match runs where every OR_ELSE's main holds (below) */
    bool or_else;           /* holds an OR_ELSE */
    bool stray;             /* holds one that on_main leaves an OR */
    bool monotone;          /* with each OR_ELSE cut to its main, it would match no more
                               documents: none is under an exclusion's exclusion, say */
    held_form held;         /* of 'run' (see the top of the file) */
    held_form on_main_held; /* of 'on_main' */
};

/* A query matching every document.  Xapian::Query::MatchAll is one static
 * object, whose reference count is no atomic: copied by two threads at once
 * (two searchers), the count is lost, and the object freed under the
 * others.  Each query makes its own. */
static Xapian::Query match_all()
{
    return Xapian::Query(std::string());
}

/* A query that has no AND_MAYBE in it: run as built. */
static xc_query *as_built(const Xapian::Query &q)
{
    return new xc_query{q, q, q, q, false, false, true, held_form(), held_form()};
}

/* 'required' AND_MAYBE 'maybe', as a match runs it (see the top of the file). */
static Xapian::Query and_maybe(const Xapian::Query &required, std::vector<Xapian::Query> maybe)
{
    maybe.insert(maybe.begin(), Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, match_all(), 0));
    return Xapian::Query(Xapian::Query::OP_AND, required,
                         Xapian::Query(Xapian::Query::OP_OR, maybe.begin(), maybe.end()));
}

/* Whether 'q' reads its postings one by one, so that Xapian could skip
 * none of them by itself: a term, a SYNONYM of such, one AND_NOT anything
 * (an AND, an OR, a phrase skip by themselves). */
static bool read_one_by_one(const Xapian::Query &q)
{
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
        return true;
    case Xapian::Query::OP_AND_NOT:
        return read_one_by_one(q.get_subquery(0));
    case Xapian::Query::OP_SYNONYM:
        for (size_t i = 0; i < q.get_num_subqueries(); i++)
            if (!read_one_by_one(q.get_subquery(i)))
                return false;
        return true;
    default:
        return false;
    }
}

/* Whether 'q' is made of terms alone: a term, an OR, a SYNONYM, a MAX of
 * such, scaled or not.  Xapian 1.4 prunes an OR holding an AND_NOT, say,
 * wrongly under a weight cutoff (pages found empty). */
static bool of_terms(const Xapian::Query &q)
{
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
        return true;
    case Xapian::Query::OP_OR: case Xapian::Query::OP_SYNONYM: case Xapian::Query::OP_MAX:
    case Xapian::Query::OP_SCALE_WEIGHT:
        for (size_t i = 0; i < q.get_num_subqueries(); i++)
            if (!of_terms(q.get_subquery(i)))
                return false;
        return true;
    default:
        return false;
    }
}

/* The held form of and_maybe(required, maybe): none unless 'required' reads
 * its postings one by one and each of 'maybe' is made of terms. */
static held_form and_one_of(const Xapian::Query &required,
                            const std::vector<Xapian::Query> &maybe)
{
    if (!read_one_by_one(required)
        || !std::all_of(maybe.begin(), maybe.end(), of_terms))
        return held_form();
    Xapian::Query bonus(Xapian::Query::OP_OR, maybe.begin(), maybe.end());
    return held_form{Xapian::Query(Xapian::Query::OP_AND, required, bonus), required, bonus};
}

/* The held form of 'op' of 'subs', given 'held', its first subquery's: with
 * that in place of the first, where the op keeps its left side's documents
 * with their weights and reads them one by one (an AND_NOT: a FILTER's
 * right side would lead, as an AND's does); else none. */
static held_form left_held(Xapian::Query::op op, const held_form &held,
                           std::vector<Xapian::Query> subs)
{
    if (held.query.empty() || op != Xapian::Query::OP_AND_NOT)
        return held_form();
    subs.front() = held.query;
    return held_form{Xapian::Query(op, subs.begin(), subs.end()), held.required, held.bonus};
}

/* A held form scaled by 'factor'; none scaled by 0, which weighs nothing. */
static held_form scaled_held(const held_form &held, double factor)
{
    if (held.query.empty() || factor == 0)
        return held_form();
    return held_form{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, held.query, factor),
                     held.required, held.bonus};
}

struct xc_enquire {
    Xapian::Enquire enquire;
    Xapian::Database db;        /* the enquire's, for the feedback documents' terms */
    held_form held;             /* the query's (see the top of the file) */
    bool by_relevance;          /* ranked by weight first */
    bool page_only;             /* the caller reads no count of a match set */
};

struct xc_mset {
    Xapian::MSet mset;
    unsigned checked;           /* the matches Xapian was asked to check at least */
};

/* The longest term glass stores (its MAX_SAFE_TERM_LENGTH). */
static const size_t MAX_TERM_BYTES = 245;

/* The term frequencies an xc_db keeps at most: a search asks some hundreds. */
static const size_t TERMFREQS_KEPT = 4096;

/* Postings past which xc_db_each_term() skips a term's postlist rather
 * than stepping over it (glass keeps some hundreds a chunk). */
static const unsigned LONG_POSTLIST = 10000;

/* Xapian::Remote::open's own default per-operation timeout. */
static const unsigned DEFAULT_REMOTE_TIMEOUT_MS = 10000;

/* ---- errors ------------------------------------------------------------- */

/* Append 'src' to the NUL-terminated 'dst' of capacity 'cap', cutting it short
 * at a UTF-8 character boundary if it does not fit. */
static void append_truncated(char *dst, size_t cap, const char *src) noexcept
{
    size_t used = strlen(dst);
    size_t room = cap - 1 - used;
    size_t n = strlen(src);
    if (n > room) {
        n = room;
        while (n > 0 && (static_cast<unsigned char>(src[n]) & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst + used, src, n);
    dst[used + n] = '\0';
}

/* Fill 'err' (if any) with 'kind' and 'msg' + " (" + 'detail' + ")" when
 * 'detail' is not NULL.  Never allocates, never throws. */
static void set_error(xc_error *err, xc_error_kind kind, const char *msg,
                      const char *detail) noexcept
{
    if (!err)
        return;
    err->kind = kind;
    err->msg[0] = '\0';
    append_truncated(err->msg, sizeof err->msg, msg);
    if (detail && *detail) {
        append_truncated(err->msg, sizeof err->msg, " (");
        append_truncated(err->msg, sizeof err->msg, detail);
        append_truncated(err->msg, sizeof err->msg, ")");
    }
}

int xc_error_set(xc_error *err, xc_error_kind kind, const char *msg)
{
    set_error(err, kind, msg ? msg : "", nullptr);
    return -1;
}

/* The kind of the Xapian::Error being handled: called from inside its catch
 * block, it throws it again to catch it by class (Xapian::Error has no
 * virtual function to ask it by), the most derived classes first.
 * 'has_errno': the system gave a reason (a failed read or write, where the
 * class is DatabaseError itself). */
static xc_error_kind current_kind(bool has_errno) noexcept
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &) {
        return XC_ERR_LOCK;
    } catch (const Xapian::DatabaseNotFoundError &) {
        return XC_ERR_NOT_FOUND;
    } catch (const Xapian::DatabaseOpeningError &) {
        return XC_ERR_OPENING;
    } catch (const Xapian::DatabaseModifiedError &) {
        return XC_ERR_MODIFIED;
    } catch (const Xapian::DatabaseCorruptError &) {
        return XC_ERR_CORRUPT;
    } catch (const Xapian::NetworkError &) {
        return XC_ERR_NETWORK;
    } catch (const Xapian::InvalidArgumentError &) {
        return XC_ERR_ARGUMENT;
    } catch (const Xapian::DocNotFoundError &) {
        return XC_ERR_NO_DOCUMENT;
    } catch (const Xapian::DatabaseError &) {
        return has_errno ? XC_ERR_IO : XC_ERR_OTHER;
    } catch (...) {
        return XC_ERR_OTHER;
    }
}

/* Fill 'err' from 'e', the Xapian::Error being handled. */
static void set_xapian_error(xc_error *err, const Xapian::Error &e) noexcept
{
    const char *errno_text = nullptr;
    try {
        errno_text = e.get_error_string();   /* the system error, if any */
    } catch (...) {
        errno_text = nullptr;
    }
    const std::string &msg = e.get_msg();
    set_error(err, current_kind(errno_text && *errno_text),
              msg.empty() ? e.get_type() : msg.c_str(), errno_text);
}

/* Run 'body', returning 0, or -1 with 'err' filled if it threw anything. */
template <typename Body>
static int guarded(xc_error *err, Body &&body) noexcept
{
    try {
        body();
        return 0;
    } catch (const Xapian::Error &e) {
        set_xapian_error(err, e);
    } catch (const std::bad_alloc &) {
        set_error(err, XC_ERR_NOMEM, "out of memory", nullptr);
    } catch (const std::exception &e) {
        set_error(err, XC_ERR_OTHER, e.what(), nullptr);
    } catch (...) {
        set_error(err, XC_ERR_OTHER, "unknown C++ exception", nullptr);
    }
    return -1;
}

/* Run 'make', returning the handle it made, or NULL with 'err' filled. */
template <typename Handle, typename Make>
static Handle *guarded_new(xc_error *err, Make &&make) noexcept
{
    Handle *handle = nullptr;
    if (guarded(err, [&] { handle = make(); }) < 0)
        return nullptr;
    return handle;
}

/* ---- argument checks (they throw, for guarded() to report) -------------- */

template <typename T>
static T &deref(T *p, const char *what)
{
    if (!p)
        throw Xapian::InvalidArgumentError(std::string(what) + " is NULL");
    return *p;
}

/* 'p' as an array of 'n' elements: NULL only when 'n' is 0. */
template <typename T>
static T *array(T *p, size_t n, const char *what)
{
    if (n > 0)
        deref(p, what);
    return p;
}

static std::string text(const char *s, const char *what)
{
    return std::string(&deref(s, what));
}

static std::string bytes(const char *s, size_t len, const char *what)
{
    if (len == 0)
        return std::string();
    return std::string(&deref(s, what), len);
}

/* A term of 'len' bytes at 's', refused if glass could not store it. */
static std::string term_bytes(const char *s, size_t len)
{
    if (len > MAX_TERM_BYTES)
        throw Xapian::InvalidArgumentError("term longer than " + std::to_string(MAX_TERM_BYTES) +
                                           " bytes");
    return bytes(s, len, "term");
}

/* A malloc'd, NUL-terminated copy of 's' (which may hold NULs). */
static char *malloc_copy(const std::string &s)
{
    char *copy = static_cast<char *>(malloc(s.size() + 1));
    if (!copy)
        throw std::bad_alloc();
    memcpy(copy, s.data(), s.size());
    copy[s.size()] = '\0';
    return copy;
}

/* ---- reading ------------------------------------------------------------ */

xc_db *xc_db_open(const char *path, xc_error *err)
{
    return guarded_new<xc_db>(err, [&] {
        Xapian::Database opened(text(path, "path"));
        return new xc_db{opened, {opened}, {}};
    });
}

xc_db *xc_db_new(xc_error *err)
{
    return guarded_new<xc_db>(err, [&] { return new xc_db{}; });
}

/* Add 'part' as a further shard of 'db', remembering it as a part. */
static void add_part(xc_db &db, const Xapian::Database &part)
{
    db.termfreqs.clear();
    db.parts.push_back(part);
    try {
        db.db.add_database(part);
    } catch (...) {
        db.parts.pop_back();
        throw;
    }
}

int xc_db_add(xc_db *db, const char *path, xc_error *err)
{
    return guarded(err, [&] { add_part(deref(db, "db"), Xapian::Database(text(path, "path"))); });
}

int xc_db_add_db(xc_db *db, const xc_db *other, xc_error *err)
{
    return guarded(err, [&] {
        for (const Xapian::Database &part : deref(other, "other").parts)
            add_part(deref(db, "db"), part);
    });
}

int xc_db_add_remote(xc_db *db, const char *host, unsigned port, unsigned timeout_ms,
                     xc_error *err)
{
    return guarded(err, [&] {
        unsigned timeout = timeout_ms ? timeout_ms : DEFAULT_REMOTE_TIMEOUT_MS;
        add_part(deref(db, "db"), Xapian::Remote::open(text(host, "host"), port, timeout,
                                                       timeout));
    });
}

void xc_db_close(xc_db *db)
{
    delete db;
}

/* Shared by the read-only and the writable handle: both hold their database
 * in a member 'db' (a WritableDatabase is a Database). */
template <typename Handle>
static int get_metadata(Handle *handle, const char *key, char **value, size_t *len,
                        xc_error *err)
{
    if (value)
        *value = nullptr;
    if (len)
        *len = 0;
    return guarded(err, [&] {
        std::string found = deref(handle, "db").db.get_metadata(text(key, "key"));
        deref(value, "value") = malloc_copy(found);
        if (len)
            *len = found.size();
    });
}

template <typename Handle>
static int get_doccount(Handle *handle, unsigned *count, xc_error *err)
{
    return guarded(err, [&] { deref(count, "count") = deref(handle, "db").db.get_doccount(); });
}

template <typename Handle>
static int each_metadata_key(Handle *handle, const char *prefix,
                             int (*fn)(const char *key, size_t len, void *ctx), void *ctx,
                             xc_error *err)
{
    return guarded(err, [&] {
        const Xapian::Database &db = deref(handle, "db").db;
        std::string start = prefix ? std::string(prefix) : std::string();
        deref(fn, "fn");
        for (auto it = db.metadata_keys_begin(start); it != db.metadata_keys_end(start); ++it) {
            std::string key = *it;
            if (fn(key.data(), key.size(), ctx))
                break;
        }
    });
}

int xc_db_get_metadata(xc_db *db, const char *key, char **value, size_t *len, xc_error *err)
{
    return get_metadata(db, key, value, len, err);
}

int xc_db_part_metadata(xc_db *db, size_t part, const char *key, char **value, size_t *len,
                        xc_error *err)
{
    if (value)
        *value = nullptr;
    if (len)
        *len = 0;
    return guarded(err, [&] {
        std::vector<Xapian::Database> &parts = deref(db, "db").parts;
        if (part >= parts.size())
            throw Xapian::InvalidArgumentError("no part " + std::to_string(part));
        std::string found = parts[part].get_metadata(text(key, "key"));
        deref(value, "value") = malloc_copy(found);
        if (len)
            *len = found.size();
    });
}

size_t xc_db_parts(const xc_db *db)
{
    return db ? db->parts.size() : 0;
}

size_t xc_db_shards(const xc_db *db)
{
    return db ? db->db.size() : 0;
}

int xc_db_doccount(xc_db *db, unsigned *count, xc_error *err)
{
    return get_doccount(db, count, err);
}

int xc_db_each_metadata_key(xc_db *db, const char *prefix,
                            int (*fn)(const char *key, size_t len, void *ctx), void *ctx,
                            xc_error *err)
{
    return each_metadata_key(db, prefix, fn, ctx, err);
}

int xc_db_total_length(xc_db *db, unsigned long long *length, xc_error *err)
{
    return guarded(err, [&] {
        deref(length, "length") = deref(db, "db").db.get_total_length();
    });
}

int xc_db_termfreq(xc_db *db, const char *term, unsigned *freq, xc_error *err)
{
    return guarded(err, [&] {
        xc_db &d = deref(db, "db");
        std::string key(text(term, "term"));
        auto known = d.termfreqs.find(key);
        if (known == d.termfreqs.end()) {
            if (d.termfreqs.size() >= TERMFREQS_KEPT)
                d.termfreqs.clear();
            known = d.termfreqs.emplace(key, d.db.get_termfreq(key)).first;
        }
        deref(freq, "freq") = known->second;
    });
}

/* An xc_doc for 'doc' read from a database, with its data copied and its
 * values: every one, or with 'some' those of slots[0..n_slots). */
static xc_doc *doc_from(const Xapian::Document &doc, bool some = false,
                        const unsigned *slots = nullptr, size_t n_slots = 0)
{
    xc_doc *copy = new xc_doc{doc, doc.get_data(), {}};
    try {
        if (!some) {
            for (auto it = doc.values_begin(); it != doc.values_end(); ++it)
                copy->values[it.get_valueno()] = *it;
        }
        for (size_t k = 0; k < n_slots; k++) {
            std::string value = doc.get_value(slots[k]);
            if (!value.empty())
                copy->values[slots[k]].swap(value);
        }
    } catch (...) {
        delete copy;
        throw;
    }
    return copy;
}

xc_doc *xc_db_get_document(xc_db *db, xc_docid docid, xc_error *err)
{
    return guarded_new<xc_doc>(err, [&] {
        return doc_from(deref(db, "db").db.get_document(docid));
    });
}

int xc_db_term_docid(xc_db *db, const char *term, xc_docid *docid, xc_error *err)
{
    return guarded(err, [&] {
        Xapian::Database &xdb = deref(db, "db").db;
        std::string t = text(term, "term");
        Xapian::PostingIterator it = xdb.postlist_begin(t);
        deref(docid, "docid") = it == xdb.postlist_end(t) ? 0 : *it;
    });
}

int xc_db_terms_meet(xc_db *db, const char *a, const char *b, unsigned steps, int *meet,
                     xc_error *err)
{
    return guarded(err, [&] {
        Xapian::Database &xdb = deref(db, "db").db;
        std::string rarer = text(a, "a"), other = text(b, "b");
        int &found = deref(meet, "meet");
        found = 0;
        if (xdb.get_termfreq(rarer) > xdb.get_termfreq(other))
            std::swap(rarer, other);
        Xapian::PostingIterator r = xdb.postlist_begin(rarer), o = xdb.postlist_begin(other);
        const Xapian::PostingIterator r_end = xdb.postlist_end(rarer);
        const Xapian::PostingIterator o_end = xdb.postlist_end(other);
        /* Leapfrog: each list skips to the other's document. */
        for (unsigned n = 0; r != r_end && o != o_end; n++) {
            if (n == steps) {
                found = XC_MEET_UNKNOWN;
                return;
            }
            o.skip_to(*r);
            if (o != o_end && *o == *r) {
                found = 1;
                return;
            }
            if (o != o_end)
                r.skip_to(*o);
        }
    });
}

template <typename Handle>
static int each_term(Handle *handle, const char *prefix,
                     int (*fn)(const char *term, size_t len, unsigned termfreq, void *ctx),
                     void *ctx, xc_error *err)
{
    return guarded(err, [&] {
        Xapian::Database &xdb = deref(handle, "db").db;
        std::string start = prefix ? std::string(prefix) : std::string();
        deref(fn, "fn");
        auto end = xdb.allterms_end(start);
        for (auto it = xdb.allterms_begin(start); it != end;) {
            std::string term = *it;
            unsigned freq = it.get_termfreq();
            int next = fn(term.data(), term.size(), freq, ctx);
            if (next < 0 && (size_t)-next <= term.size()) {
                /* past the terms that begin with term[0..k): to the first
                 * after them, whose k bytes are one more (or, their last
                 * bytes all 0xff, one fewer byte one more) */
                term.resize((size_t)-next);
                while (!term.empty() && (unsigned char)term.back() == 0xff)
                    term.pop_back();
                if (term.empty())
                    break;
                term.back() = (char)((unsigned char)term.back() + 1);
                it.skip_to(term);
                continue;
            }
            if (next != 0)
                break;
            /* The chunks of a long postlist follow its term in the table,
             * and a step walks them all: past such a term, skip to the next
             * one (a search of the tree, dearer than a step past a short
             * list).  "L" + the language of almost every paragraph: 64
             * blocks read by steps, 10 so. */
            if (freq > LONG_POSTLIST)
                it.skip_to(term + std::string(1, '\0'));
            else
                ++it;
        }
    });
}

int xc_db_each_term(xc_db *db, const char *prefix,
                    int (*fn)(const char *term, size_t len, unsigned termfreq, void *ctx),
                    void *ctx, xc_error *err)
{
    return each_term(db, prefix, fn, ctx, err);
}

int xc_wdb_each_term(xc_wdb *db, const char *prefix,
                     int (*fn)(const char *term, size_t len, unsigned termfreq, void *ctx),
                     void *ctx, xc_error *err)
{
    return each_term(db, prefix, fn, ctx, err);
}

int xc_db_count_terms(xc_db *db, const char *prefix, size_t max, size_t *count, xc_error *err)
{
    return guarded(err, [&] {
        const Xapian::Database &xdb = deref(db, "db").db;
        size_t &n = deref(count, "count");
        std::string want = prefix ? prefix : "";
        n = 0;
        for (auto it = xdb.allterms_begin(want); n < max && it != xdb.allterms_end(want); ++it)
            n++;
    });
}

int xc_db_each_doc_term(xc_db *db, xc_docid docid,
                        int (*fn)(const char *term, size_t len, void *ctx), void *ctx,
                        xc_error *err)
{
    return guarded(err, [&] {
        Xapian::Database &xdb = deref(db, "db").db;
        deref(fn, "fn");
        for (auto it = xdb.termlist_begin(docid); it != xdb.termlist_end(docid); ++it) {
            std::string term = *it;
            if (fn(term.data(), term.size(), ctx))
                break;
        }
    });
}

int xc_db_value_counts(xc_db *db, const xc_query *q, unsigned slot,
                       int (*fn)(const char *value, size_t len, unsigned count, void *ctx),
                       void *ctx, xc_error *err)
{
    return guarded(err, [&] {
        Xapian::Database &xdb = deref(db, "db").db;
        deref(fn, "fn");
        Xapian::Enquire enquire(xdb);
        enquire.set_query(deref(q, "query").sieve);   /* no weight counts */
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::ValueCountMatchSpy spy(slot);
        enquire.add_matchspy(&spy);
        /* no match wanted, but every one seen by the spy */
        enquire.get_mset(0, 0, xdb.get_doccount());
        for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
            std::string value = *it;
            if (fn(value.data(), value.size(), it.get_termfreq(), ctx))
                break;
        }
    });
}

/* One match is asked for besides the count: once 'at_least' are counted,
 * the matcher skips the documents that cannot outweigh it, where, asked for
 * none, it checks every match.  A match set holding fewer than asked for
 * holds every match, so *count is 0 only when none matches. */
int xc_db_count_matches(xc_db *db, const xc_query *q, unsigned at_least, unsigned *count,
                        xc_error *err)
{
    if (count)
        *count = 0;
    return guarded(err, [&] {
        unsigned &n = deref(count, "count");
        Xapian::Enquire enquire(deref(db, "db").db);
        enquire.set_query(deref(q, "query").sieve);
        enquire.set_weighting_scheme(Xapian::BoolWeight());   /* a count weighs nothing */
        Xapian::MSet m = enquire.get_mset(0, at_least > 0 ? 1 : 0, at_least);
        n = std::max<unsigned>(m.get_matches_estimated(), m.size());
    });
}

int xc_db_spelling(xc_db *db, const char *word, unsigned max_edits, char **suggestion,
                   xc_error *err)
{
    if (suggestion)
        *suggestion = nullptr;
    return guarded(err, [&] {
        std::string best = deref(db, "db").db.get_spelling_suggestion(text(word, "word"),
                                                                       max_edits);
        deref(suggestion, "suggestion") = best.empty() ? nullptr : malloc_copy(best);
    });
}

int xc_db_spelling_frequency(xc_db *db, const char *word, unsigned *freq, xc_error *err)
{
    return guarded(err, [&] {
        /* Xapian 1.4 has no get_spelling_frequency(): look the word up in the list. */
        Xapian::Database &xdb = deref(db, "db").db;
        std::string w = text(word, "word");
        unsigned &found = deref(freq, "freq");
        Xapian::TermIterator it = xdb.spellings_begin();
        it.skip_to(w);
        found = it != xdb.spellings_end() && *it == w ? it.get_termfreq() : 0;
    });
}

/* ---- writing ------------------------------------------------------------ */

/* End the open transaction, commit, and begin the next one even if the commit
 * failed (see the top of the file). */
static void commit_and_continue(Xapian::WritableDatabase &wdb)
{
    wdb.commit_transaction();   /* unflushed: only ends it, no I/O */
    try {
        wdb.commit();
    } catch (...) {
        wdb.begin_transaction(false);
        throw;
    }
    wdb.begin_transaction(false);
}

xc_wdb *xc_wdb_open(const char *path, int flags, xc_error *err)
{
    return guarded_new<xc_wdb>(err, [&] {
        int action = Xapian::DB_OPEN;
        if (flags & XC_OVERWRITE)
            action = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS;
        else if (flags & XC_CREATE)
            action = Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS;
        if (flags & XC_NO_SYNC)
            action |= Xapian::DB_NO_SYNC;
        Xapian::WritableDatabase wdb(text(path, "path"), action);
        wdb.begin_transaction(false);
        return new xc_wdb{wdb, false};
    });
}

int xc_wdb_commit(xc_wdb *db, xc_error *err)
{
    return guarded(err, [&] {
        commit_and_continue(deref(db, "db").db);
        db->modified = false;
    });
}

int xc_wdb_modified(const xc_wdb *db)
{
    return db && db->modified;
}

int xc_wdb_close(xc_wdb *db, xc_error *err)
{
    if (!db)
        return 0;
    int rc = xc_wdb_commit(db, err);
    xc_wdb_abandon(db);
    return rc;
}

void xc_wdb_abandon(xc_wdb *db)
{
    /* The destructor cancels the transaction that is always open. */
    delete db;
}

int xc_wdb_add(xc_wdb *db, const xc_doc *doc, xc_docid *docid, xc_error *err)
{
    return guarded(err, [&] {
        Xapian::docid added = deref(db, "db").db.add_document(deref(doc, "doc").doc);
        db->modified = true;
        if (docid)
            *docid = added;
    });
}

int xc_wdb_replace(xc_wdb *db, const char *idterm, const xc_doc *doc, xc_error *err)
{
    return guarded(err, [&] {
        deref(db, "db").db.replace_document(text(idterm, "idterm"), deref(doc, "doc").doc);
        db->modified = true;
    });
}

int xc_wdb_delete(xc_wdb *db, const char *term, xc_error *err)
{
    return guarded(err, [&] {
        Xapian::WritableDatabase &wdb = deref(db, "db").db;
        std::string t = text(term, "term");
        /* The documents first, then each deleted: Xapian's delete_document(term)
         * deletes as it walks the term's posting list, and a flush of the
         * changes it has made (XAPIAN_FLUSH_THRESHOLD) ends the walk with
         * "Unexpected end of posting list" (Xapian 1.4). */
        std::vector<Xapian::docid> ids;
        for (auto it = wdb.postlist_begin(t); it != wdb.postlist_end(t); ++it)
            ids.push_back(*it);
        for (Xapian::docid id : ids)
            wdb.delete_document(id);
        db->modified = true;
    });
}

int xc_wdb_set_metadata(xc_wdb *db, const char *key, const char *value, size_t len,
                        xc_error *err)
{
    return guarded(err, [&] {
        deref(db, "db").db.set_metadata(text(key, "key"), bytes(value, len, "value"));
        db->modified = true;
    });
}

int xc_wdb_get_metadata(xc_wdb *db, const char *key, char **value, size_t *len, xc_error *err)
{
    return get_metadata(db, key, value, len, err);
}

int xc_wdb_each_metadata_key(xc_wdb *db, const char *prefix,
                             int (*fn)(const char *key, size_t len, void *ctx), void *ctx,
                             xc_error *err)
{
    return each_metadata_key(db, prefix, fn, ctx, err);
}

int xc_wdb_add_spelling(xc_wdb *db, const char *word, unsigned freq, xc_error *err)
{
    return guarded(err, [&] {
        deref(db, "db").db.add_spelling(text(word, "word"), freq);
        db->modified = true;
    });
}

int xc_wdb_remove_spelling(xc_wdb *db, const char *word, unsigned freq, xc_error *err)
{
    return guarded(err, [&] {
        deref(db, "db").db.remove_spelling(text(word, "word"), freq);
        db->modified = true;
    });
}

int xc_wdb_write_spelling(xc_wdb *db, xc_error *err)
{
    /* Opening the spelling word list merges the pending changes into the
     * table (glass: GlassWritableDatabase::open_spelling_wordlist). */
    return guarded(err, [&] { (void)deref(db, "db").db.spellings_begin(); });
}

int xc_wdb_spelling_known(xc_wdb *db, const char *const *words, size_t n, unsigned char *known,
                          xc_error *err)
{
    return guarded(err, [&] {
        Xapian::WritableDatabase &wdb = deref(db, "db").db;
        const char *const *w = array(words, n, "words");
        unsigned char *out = array(known, n, "known");
        /* One iterator moving forward: its cursor keeps the blocks it read. */
        Xapian::TermIterator it = wdb.spellings_begin(), end = wdb.spellings_end();
        for (size_t i = 0; i < n; i++) {
            std::string word = text(w[i], "word");
            if (it != end)
                it.skip_to(word);
            out[i] = it != end && *it == word;
        }
    });
}

int xc_wdb_doccount(xc_wdb *db, unsigned *count, xc_error *err)
{
    return get_doccount(db, count, err);
}

int xc_wdb_termfreq(xc_wdb *db, const char *term, unsigned *freq, xc_error *err)
{
    return guarded(err, [&] {
        deref(freq, "freq") = deref(db, "db").db.get_termfreq(text(term, "term"));
    });
}

/* Set 'slot' of document 'did' of 'db' to 'value', unless 'only_unset' and
 * it has one; whether it was set. */
static bool set_value_of(xc_wdb &db, Xapian::docid did, unsigned slot, const std::string &value,
                         bool only_unset)
{
    Xapian::Document doc = db.db.get_document(did);
    if (only_unset && !doc.get_value(slot).empty())
        return false;
    doc.add_value(slot, value);
    db.db.replace_document(did, doc);   /* the terms unchanged: only the value written */
    db.modified = true;
    return true;
}

int xc_wdb_set_value(xc_wdb *db, xc_docid docid, unsigned slot, const char *value, size_t len,
                     xc_error *err)
{
    return guarded(err, [&] {
        set_value_of(deref(db, "db"), docid, slot, bytes(value, len, "value"), false);
    });
}

int xc_wdb_set_value_where(xc_wdb *db, const char *term, unsigned slot, const char *value,
                           size_t len, unsigned *changed, xc_error *err)
{
    if (changed)
        *changed = 0;
    return guarded(err, [&] {
        xc_wdb &d = deref(db, "db");
        std::string t = text(term, "term"), v = bytes(value, len, "value");
        /* the holders listed first: a posting list is no place to go on
           reading while its documents change */
        std::vector<Xapian::docid> holders;
        for (auto it = d.db.postlist_begin(t); it != d.db.postlist_end(t); ++it)
            holders.push_back(*it);
        unsigned n = 0;
        for (Xapian::docid did : holders)
            n += set_value_of(d, did, slot, v, true);
        if (changed)
            *changed = n;
    });
}

int xc_wdb_each_document(xc_wdb *db, const char *term,
                         int (*fn)(const xc_doc *doc, void *ctx), void *ctx, xc_error *err)
{
    return guarded(err, [&] {
        Xapian::WritableDatabase &wdb = deref(db, "db").db;
        std::string t = text(term, "term");
        deref(fn, "fn");
        for (auto it = wdb.postlist_begin(t); it != wdb.postlist_end(t); ++it) {
            std::unique_ptr<xc_doc> doc(doc_from(wdb.get_document(*it)));
            if (fn(doc.get(), ctx))
                break;
        }
    });
}

int xc_compact(const char *const *sources, size_t n, const char *dest, xc_error *err)
{
    return guarded(err, [&] {
        const char *const *paths = array(sources, n, "sources");
        Xapian::Database combined;
        for (size_t i = 0; i < n; i++)
            combined.add_database(Xapian::Database(text(paths[i], "source")));
        combined.compact(text(dest, "dest"));
    });
}

/* ---- documents ---------------------------------------------------------- */

xc_doc *xc_doc_new(xc_error *err)
{
    return guarded_new<xc_doc>(err, [] { return new xc_doc(); });
}

void xc_doc_free(xc_doc *doc)
{
    delete doc;
}

int xc_doc_set_data(xc_doc *doc, const char *data, size_t len, xc_error *err)
{
    return guarded(err, [&] {
        xc_doc &d = deref(doc, "doc");
        std::string copy = bytes(data, len, "data");
        d.doc.set_data(copy);
        d.data.swap(copy);
    });
}

const char *xc_doc_data(const xc_doc *doc, size_t *len)
{
    if (len)
        *len = doc ? doc->data.size() : 0;
    return doc ? doc->data.c_str() : "";
}

int xc_doc_add_posting(xc_doc *doc, const char *term, size_t len, unsigned pos,
                       unsigned wdf_inc, xc_error *err)
{
    return guarded(err, [&] {
        deref(doc, "doc").doc.add_posting(term_bytes(term, len), pos, wdf_inc);
    });
}

int xc_doc_add_term(xc_doc *doc, const char *term, size_t len, unsigned wdf_inc, xc_error *err)
{
    return guarded(err, [&] {
        deref(doc, "doc").doc.add_term(term_bytes(term, len), wdf_inc);
    });
}

int xc_doc_add_boolean_term(xc_doc *doc, const char *term, size_t len, xc_error *err)
{
    return guarded(err, [&] {
        deref(doc, "doc").doc.add_boolean_term(term_bytes(term, len));
    });
}

int xc_doc_term_wdf(xc_doc *doc, const char *term, size_t len, unsigned *wdf, xc_error *err)
{
    return guarded(err, [&] {
        const Xapian::Document &d = deref(doc, "doc").doc;
        const std::string wanted = term_bytes(term, len);
        Xapian::TermIterator t = d.termlist_begin();
        t.skip_to(wanted);
        *wdf = t != d.termlist_end() && *t == wanted ? t.get_wdf() : 0;
    });
}

int xc_doc_set_value(xc_doc *doc, unsigned slot, const char *value, size_t len, xc_error *err)
{
    return guarded(err, [&] {
        xc_doc &d = deref(doc, "doc");
        std::string copy = bytes(value, len, "value");
        d.doc.add_value(slot, copy);
        if (copy.empty())
            d.values.erase(slot);   /* Xapian too treats "" as no value */
        else
            d.values[slot].swap(copy);
    });
}

const char *xc_doc_value(const xc_doc *doc, unsigned slot, size_t *len)
{
    const std::string *value = nullptr;
    if (doc) {
        auto found = doc->values.find(slot);
        if (found != doc->values.end())
            value = &found->second;
    }
    if (len)
        *len = value ? value->size() : 0;
    return value ? value->c_str() : "";
}

/* ---- queries ------------------------------------------------------------ */

/* The number a C caller passed as 'op', copied rather than read as an xc_op:
 * C lets any int through, and an out-of-range enum value is undefined
 * behaviour in C++. */
typedef std::underlying_type<xc_op>::type op_code;

static op_code code_of(const xc_op &op)
{
    op_code code;
    memcpy(&code, &op, sizeof code);
    return code;
}

static Xapian::Query::op xapian_op(op_code code)
{
    switch (code) {
    case XC_OP_AND: return Xapian::Query::OP_AND;
    case XC_OP_OR: return Xapian::Query::OP_OR;
    case XC_OP_OR_ELSE: return Xapian::Query::OP_OR;
    case XC_OP_AND_NOT: return Xapian::Query::OP_AND_NOT;
    case XC_OP_XOR: return Xapian::Query::OP_XOR;
    case XC_OP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
    case XC_OP_FILTER: return Xapian::Query::OP_FILTER;
    case XC_OP_NEAR: return Xapian::Query::OP_NEAR;
    case XC_OP_PHRASE: return Xapian::Query::OP_PHRASE;
    case XC_OP_ELITE_SET: return Xapian::Query::OP_ELITE_SET;
    case XC_OP_SYNONYM: return Xapian::Query::OP_SYNONYM;
    case XC_OP_MAX: return Xapian::Query::OP_MAX;
    }
    throw Xapian::InvalidArgumentError("unknown query operator " + std::to_string(code));
}

/* Whether the operator takes the window/set-size parameter. */
static bool takes_window(op_code code)
{
    return code == XC_OP_NEAR || code == XC_OP_PHRASE || code == XC_OP_ELITE_SET;
}

xc_query *xc_query_term(const char *term, size_t len, unsigned wqf, unsigned pos, xc_error *err)
{
    return guarded_new<xc_query>(err, [&] {
        return as_built(Xapian::Query(bytes(term, len, "term"), wqf, pos));
    });
}

xc_query *xc_query_combine(xc_op op, xc_query *const *subs, size_t n, unsigned window,
                           xc_error *err)
{
    return guarded_new<xc_query>(err, [&] {
        op_code code = code_of(op);
        Xapian::Query::op xop = xapian_op(code);
        xc_query *const *queries = array(subs, n, "subs");
        /* an AND_NOT's or a FILTER's right sides are sieves (see the top of the file) */
        const bool sieves_right = code == XC_OP_AND_NOT || code == XC_OP_FILTER;
        /* on_main: the ops whose first subquery is on an AND path (all of an
           AND's).  The right sides of AND_MAYBE and OR_ELSE make no match:
           an OR_ELSE there is no stray; nor on an AND_NOT's right side that
           its main would only shrink (monotone), as that leaves out no less.
           Under the other ops, and on a FILTER's right, an OR_ELSE is one. */
        const bool and_path = code == XC_OP_AND || sieves_right || code == XC_OP_AND_MAYBE
                              || code == XC_OP_OR_ELSE;
        const bool unions = code == XC_OP_AND || code == XC_OP_OR || code == XC_OP_FILTER
                            || code == XC_OP_SYNONYM || code == XC_OP_MAX;
        std::vector<Xapian::Query> parts, runs, sieves, on_mains;
        bool or_else = code == XC_OP_OR_ELSE, stray = false, monotone = true;
        for (size_t i = 0; i < n; i++) {
            const xc_query &sub = deref(queries[i], "subquery");
            const bool on_path = and_path && (i == 0 || code == XC_OP_AND);
            parts.push_back(sub.query);
            runs.push_back(i > 0 && sieves_right ? sub.sieve : sub.run);
            sieves.push_back(sub.sieve);
            on_mains.push_back(on_path ? sub.on_main : runs.back());
            or_else = or_else || sub.or_else;
            stray = stray || (on_path ? sub.stray
                              : code == XC_OP_AND_NOT ? !sub.monotone
                              : sub.or_else && (!and_path || code == XC_OP_FILTER));
            /* whether cutting this one's OR_ELSEs to their mains could only
               shrink the whole: an exclusion's would grow it; a bonus makes
               no match; under XOR, ELITE_SET, NEAR or PHRASE, none can say */
            monotone = monotone && (code == XC_OP_AND_NOT && i > 0 ? !sub.or_else
                                    : unions || on_path ? sub.monotone
                                    : and_path || !sub.or_else);
        }
        const Xapian::termcount w = takes_window(code) ? window : 0;
        Xapian::Query built(xop, parts.begin(), parts.end(), w);
        if (n < 2 || (code != XC_OP_AND_MAYBE && code != XC_OP_OR_ELSE)) {
            Xapian::Query run(xop, runs.begin(), runs.end(), w);
            /* an elite set's members are chosen by weight, and a sieve's
               subqueries merge into it as they would not: its sieve is itself */
            const held_form none;
            return new xc_query{built, run,
                                code == XC_OP_ELITE_SET
                                    ? run : Xapian::Query(xop, sieves.begin(), sieves.end(), w),
                                and_path ? Xapian::Query(xop, on_mains.begin(), on_mains.end(), w)
                                         : run,
                                or_else, stray, monotone,
                                n > 0 ? left_held(xop, queries[0]->held, runs) : none,
                                n > 0 && and_path
                                    ? left_held(xop, queries[0]->on_main_held, on_mains) : none};
        }
        const Xapian::Query first = on_mains.front();
        on_mains.erase(on_mains.begin());
        if (code == XC_OP_OR_ELSE)      /* the main query, the rest a bonus */
            return new xc_query{built, Xapian::Query(xop, runs.begin(), runs.end()),
                                Xapian::Query(xop, sieves.begin(), sieves.end()),
                                and_maybe(first, on_mains), true, stray, monotone,
                                held_form(), and_one_of(first, on_mains)};
        const Xapian::Query required = runs.front();    /* see the top of the file */
        runs.erase(runs.begin());
        return new xc_query{built, and_maybe(required, runs), sieves.front(),
                            and_maybe(first, on_mains), or_else, stray, monotone,
                            and_one_of(required, runs), and_one_of(first, on_mains)};
    });
}

xc_query *xc_query_wildcard(const char *prefix, unsigned max_expansion, xc_error *err)
{
    return guarded_new<xc_query>(err, [&] {
        /* Xapian 1.4.22 expands to nothing under WILDCARD_LIMIT_MOST_FREQUENT
         * with no limit, so "no limit" goes the default way. */
        int limit_type = max_expansion ? Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT
                                       : Xapian::Query::WILDCARD_LIMIT_ERROR;
        return as_built(Xapian::Query(Xapian::Query::OP_WILDCARD, text(prefix, "prefix"),
                                      max_expansion, limit_type, Xapian::Query::OP_SYNONYM));
    });
}

xc_query *xc_query_wildcard_in(xc_db *db, const char *prefix, unsigned max_expansion,
                               xc_error *err)
{
    return guarded_new<xc_query>(err, [&] {
        Xapian::Database &xdb = deref(db, "db").db;
        std::string start = text(prefix, "prefix");
        std::vector<std::pair<Xapian::doccount, std::string>> found;
        for (auto it = xdb.allterms_begin(start); it != xdb.allterms_end(start); ++it)
            found.emplace_back(it.get_termfreq(), *it);
        if (max_expansion && found.size() > max_expansion) {
            auto commoner = [](const std::pair<Xapian::doccount, std::string> &a,
                               const std::pair<Xapian::doccount, std::string> &b) {
                return a.first != b.first ? a.first > b.first : a.second < b.second;
            };
            std::partial_sort(found.begin(), found.begin() + max_expansion, found.end(), commoner);
            found.resize(max_expansion);
        }
        std::vector<Xapian::Query> terms;
        for (const auto &f : found)
            terms.emplace_back(f.second);
        return as_built(Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end()));
    });
}

xc_query *xc_query_value_range(unsigned slot, const char *lo, const char *hi, xc_error *err)
{
    return guarded_new<xc_query>(err, [&] {
        /* A document without a value in 'slot' never matches.  Xapian agrees,
         * except that it reads ">= empty string" as MatchAll: the lowest
         * bound that excludes them is "\0", below every other value. */
        const std::string lowest(1, '\0');
        if (lo && *lo && hi)
            return as_built(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi));
        if (hi)
            return as_built(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi));
        return as_built(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
                                      lo && *lo ? std::string(lo) : lowest));
    });
}

xc_query *xc_query_scale(const xc_query *q, double factor, xc_error *err)
{
    return guarded_new<xc_query>(err, [&] {
        const xc_query &scaled = deref(q, "query");
        return new xc_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, scaled.query, factor),
                            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, scaled.run, factor),
                            scaled.sieve,
                            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, scaled.on_main, factor),
                            scaled.or_else, scaled.stray, scaled.monotone,
                            scaled_held(scaled.held, factor),
                            scaled_held(scaled.on_main_held, factor)};
    });
}

xc_query *xc_query_on_main(const xc_query *q, int *whole, xc_error *err)
{
    return guarded_new<xc_query>(err, [&] {
        const xc_query &from = deref(q, "query");
        deref(whole, "whole") = !from.stray;
        /* its own sieve: it matches fewer documents than 'q' */
        return new xc_query{from.query, from.on_main, from.on_main, from.on_main, from.or_else,
                            from.stray, from.monotone, from.on_main_held,
                            from.on_main_held};
    });
}

xc_query *xc_query_match_all(xc_error *err)
{
    return guarded_new<xc_query>(err, [] { return as_built(match_all()); });
}

int xc_query_count_terms(const xc_query *q, const char *prefix, size_t *count, xc_error *err)
{
    return guarded(err, [&] {
        const Xapian::Query &query = deref(q, "query").query;
        size_t &n = deref(count, "count");
        std::string want = prefix ? prefix : "";
        n = 0;
        for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it)
            n += (*it).compare(0, want.size(), want) == 0;
    });
}

size_t xc_query_n_parts(const xc_query *q)
{
    return q && q->query.get_type() == Xapian::Query::OP_AND ? q->query.get_num_subqueries() : 0;
}

xc_query *xc_query_part(const xc_query *q, size_t i, xc_error *err)
{
    return guarded_new<xc_query>(err, [&] {
        const xc_query &whole = deref(q, "query");
        if (i >= whole.query.get_num_subqueries() || i >= whole.run.get_num_subqueries())
            throw Xapian::InvalidArgumentError("no such subquery");
        /* the sieve of an AND is the AND of its parts' sieves, unless Xapian
           merged a part into it: that part's run, which sieves as well */
        const Xapian::Query &sieve = whole.sieve;
        const bool parallel = sieve.get_type() == whole.query.get_type()
                              && sieve.get_num_subqueries() == whole.query.get_num_subqueries();
        /* which parts hold the OR_ELSEs is not kept: each runs them as ORs */
        const Xapian::Query run = whole.run.get_subquery(i);
        return new xc_query{whole.query.get_subquery(i), run,
                            parallel ? sieve.get_subquery(i) : run, run, whole.or_else,
                            whole.or_else, whole.monotone, held_form(), held_form()};
    });
}

char *xc_query_describe(const xc_query *q)
{
    char *description = nullptr;
    guarded(nullptr, [&] {
        description = malloc_copy(deref(q, "query").query.get_description());
    });
    return description;
}

void xc_query_free(xc_query *q)
{
    delete q;
}

/* ---- matching ----------------------------------------------------------- */

xc_enquire *xc_enquire_new(xc_db *db, xc_error *err)
{
    return guarded_new<xc_enquire>(err, [&] {
        const Xapian::Database &d = deref(db, "db").db;
        return new xc_enquire{Xapian::Enquire(d), d, held_form(), true, false};
    });
}

void xc_enquire_free(xc_enquire *enq)
{
    delete enq;
}

int xc_enquire_set_query(xc_enquire *enq, const xc_query *q, xc_error *err)
{
    return guarded(err, [&] {
        xc_enquire &e = deref(enq, "enquire");
        const xc_query &query = deref(q, "query");
        e.enquire.set_query(query.run);
        e.held = query.held;
    });
}

int xc_enquire_set_bm25(xc_enquire *enq, double k1, double k2, double k3, double b,
                        double min_normlen, xc_error *err)
{
    return guarded(err, [&] {
        deref(enq, "enquire").enquire.set_weighting_scheme(
            Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
    });
}

int xc_enquire_set_collapse(xc_enquire *enq, unsigned slot, unsigned max, xc_error *err)
{
    return guarded(err, [&] {
        Xapian::Enquire &enquire = deref(enq, "enquire").enquire;
        if (max == 0)
            enquire.set_collapse_key(Xapian::BAD_VALUENO);
        else
            enquire.set_collapse_key(slot, max);
    });
}

int xc_enquire_set_sort_by_value(xc_enquire *enq, unsigned slot, int reverse, xc_error *err)
{
    return guarded(err, [&] {
        xc_enquire &e = deref(enq, "enquire");
        e.enquire.set_sort_by_value_then_relevance(slot, reverse != 0);
        e.by_relevance = false;
    });
}

int xc_enquire_set_relevance_then_value(xc_enquire *enq, unsigned slot, int reverse,
                                        xc_error *err)
{
    return guarded(err, [&] {
        xc_enquire &e = deref(enq, "enquire");
        e.enquire.set_sort_by_relevance_then_value(slot, reverse != 0);
        e.by_relevance = true;
    });
}

int xc_enquire_set_page_only(xc_enquire *enq, int page_only, xc_error *err)
{
    return guarded(err, [&] { deref(enq, "enquire").page_only = page_only != 0; });
}

int xc_enquire_set_docid_ascending(xc_enquire *enq, xc_error *err)
{
    return guarded(err, [&] {
        deref(enq, "enquire").enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    });
}

/* How many documents hold a term of 'q', at most (as many as hold each),
 * but the terms an AND_NOT leaves out. */
static Xapian::doccount documents_holding(const Xapian::Database &db, const Xapian::Query &q)
{
    if (q.get_type() == Xapian::Query::OP_AND_NOT)
        return documents_holding(db, q.get_subquery(0));
    Xapian::doccount n = 0;
    for (auto it = q.get_unique_terms_begin(); it != q.get_unique_terms_end(); ++it)
        n += db.get_termfreq(*it);
    return n;
}

/* The least weight a page of 'page' matches of e's query can have, as its
 * held form gives it (see the top of the file); 0 where it has none, where
 * it would seldom fill the page (fewer than ten times as many documents
 * hold its bonus: 1,000 essays a paragraph each, say), where more hold its
 * bonus than its required side, or where it did not fill it.  The margin
 * covers the sums taken in another order. */
static double held_floor(xc_enquire &e, unsigned page)
{
    if (e.held.query.empty())
        return 0;
    const Xapian::doccount bonus = documents_holding(e.db, e.held.bonus);
    if (bonus < 10.0 * page || bonus >= documents_holding(e.db, e.held.required))
        return 0;
    const Xapian::Query run = e.enquire.get_query();
    e.enquire.set_query(e.held.query);
    Xapian::MSet held;
    try {
        held = e.enquire.get_mset(0, page, page);
    } catch (...) {
        e.enquire.set_query(run);
        throw;
    }
    e.enquire.set_query(run);
    return held.size() == page ? held[page - 1].get_weight() * (1 - 1e-9) : 0;
}

xc_mset *xc_enquire_mset(xc_enquire *enq, unsigned first, unsigned max, unsigned check_at_least,
                         xc_error *err)
{
    return guarded_new<xc_mset>(err, [&] {
        xc_enquire &e = deref(enq, "enquire");
        const unsigned page = max > UINT_MAX - first ? UINT_MAX : first + max;
        const bool page_alone = e.page_only && e.by_relevance && max > 0 && page < UINT_MAX
                                && check_at_least <= page;
        e.enquire.set_cutoff(0, page_alone ? held_floor(e, page) : 0);
        return new xc_mset{e.enquire.get_mset(first, max, check_at_least),
                           check_at_least > page ? check_at_least : page};
    });
}

/* For an expand set: the terms with 'prefix' that at least 'min' of the
 * documents 'ids[0..n)' hold. */
class in_enough_docs : public Xapian::ExpandDecider {
    std::map<std::string, unsigned> docs_;     /* term -> documents holding it */
    unsigned min_;

public:
    in_enough_docs(const Xapian::Database &db, const xc_docid *ids, size_t n,
                   const std::string &prefix, unsigned min)
        : min_(min)
    {
        for (size_t i = 0; i < n; i++) {
            Xapian::TermIterator t = db.termlist_begin(ids[i]), end = db.termlist_end(ids[i]);
            for (t.skip_to(prefix); t != end && (*t).compare(0, prefix.size(), prefix) == 0; ++t)
                docs_[*t]++;
        }
    }

    bool operator()(const std::string &term) const override
    {
        auto found = docs_.find(term);
        return found != docs_.end() && found->second >= min_;
    }
};

int xc_enquire_expand(xc_enquire *enq, const xc_docid *docids, size_t n, unsigned max,
                      unsigned min_docs, const char *prefix,
                      int (*fn)(const char *term, size_t len, double weight, void *ctx),
                      void *ctx, xc_error *err)
{
    return guarded(err, [&] {
        xc_enquire &e = deref(enq, "enquire");
        deref(fn, "fn");
        const xc_docid *ids = array(docids, n, "docids");
        Xapian::RSet relevant;
        for (size_t i = 0; i < n; i++)
            relevant.add_document(ids[i]);
        in_enough_docs enough(e.db, ids, n, prefix ? prefix : "", min_docs);
        /* Exact term frequencies: over several shards Xapian would otherwise
         * approximate them, and the terms would depend on the sharding. */
        Xapian::ESet terms = e.enquire.get_eset(max, relevant,
                                                Xapian::Enquire::USE_EXACT_TERMFREQ, &enough);
        for (auto it = terms.begin(); it != terms.end(); ++it) {
            std::string term = *it;
            if (fn(term.data(), term.size(), it.get_weight(), ctx))
                break;
        }
    });
}

size_t xc_mset_size(const xc_mset *m)
{
    return m ? m->mset.size() : 0;
}

unsigned xc_mset_estimated(const xc_mset *m)
{
    return m ? m->mset.get_matches_estimated() : 0;
}

unsigned xc_mset_lower_bound(const xc_mset *m)
{
    return m ? m->mset.get_matches_lower_bound() : 0;
}

/* Xapian's matcher raises its weight floor, and so may skip matches, only
 * once it has counted check_at_least of them, and its uncollapsed lower
 * bound is at least that count: below check_at_least, every match was
 * seen, and the collapser counted what it kept of them exactly. */
int xc_mset_checked_all(const xc_mset *m)
{
    return m && m->mset.get_uncollapsed_matches_lower_bound() < m->checked;
}

/* The i-th match of 'm'; throws when there is none. */
static Xapian::MSetIterator nth_match(const xc_mset *m, size_t i)
{
    const Xapian::MSet &mset = deref(m, "mset").mset;
    if (i >= mset.size())
        throw Xapian::InvalidArgumentError("no match number " + std::to_string(i));
    return mset[static_cast<Xapian::doccount>(i)];
}

xc_docid xc_mset_docid(const xc_mset *m, size_t i)
{
    xc_docid docid = 0;
    guarded(nullptr, [&] { docid = *nth_match(m, i); });
    return docid;
}

double xc_mset_weight(const xc_mset *m, size_t i)
{
    double weight = 0.0;
    guarded(nullptr, [&] { weight = nth_match(m, i).get_weight(); });
    return weight;
}

size_t xc_mset_collapse_key(const xc_mset *m, size_t i, char *buf, size_t size)
{
    size_t len = 0;
    guarded(nullptr, [&] {
        std::string key = nth_match(m, i).get_collapse_key();
        len = key.size();
        if (len < size) {
            std::memcpy(buf, key.data(), len);
            buf[len] = '\0';
        }
    });
    return len;
}

int xc_mset_value(const xc_mset *m, size_t i, unsigned slot, char *buf, size_t size,
                  size_t *len, xc_error *err)
{
    return guarded(err, [&] {
        std::string value = nth_match(m, i).get_document().get_value(slot);
        deref(len, "len") = value.size();
        if (size > 0) {
            size_t kept = std::min(value.size(), size - 1);
            std::memcpy(&deref(buf, "buf"), value.data(), kept);
            buf[kept] = '\0';
        }
    });
}

xc_doc *xc_mset_document(const xc_mset *m, size_t i, const unsigned *slots, size_t n_slots,
                         xc_error *err)
{
    return guarded_new<xc_doc>(err, [&] {
        return doc_from(nth_match(m, i).get_document(), true, array(slots, n_slots, "slots"),
                        n_slots);
    });
}

void xc_mset_free(xc_mset *m)
{
    delete m;
}
