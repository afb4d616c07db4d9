"""Search essay indexes from Python, through libessay.

The index is the one essay-index(1) builds; the search is essay-search(1)'s,
the same hits in the same order, by the same library (loaded with ctypes:
nothing to compile).  One query:

    >>> import essay
    >>> for hit in essay.search("security guarantees", index="idx", limit=3):
    ...     print(hit["rank"], hit["title"], f'{hit["path"]}:{hit["match_line"]}')

Many queries, the index opened once:

    >>> with essay.Searcher("idx") as searcher:
    ...     results = searcher.search("black sea fleet", per_essay=1)
    ...     print(results.total, [hit["path"] for hit in results])

A search returns a Results, a list of hits with the rest of essay-search
--json's object as attributes: query, total, suggestion, corrected, asked_of,
relaxed, unrecorded, unfiltered.
Each hit is a dict with --json's fields: rank, score, path, line (where its
paragraph starts), match_line (the line of its first highlighted match),
paragraph, anchor (essay-search(1), ANCHORS), copies (how many other
paragraphs have the same text), title, author (None when the essay names none), date (None when
it has none), language (the essay's), snippet, highlights ([start, end] byte offsets into the
UTF-8 encoded snippet, end exclusive: mark() puts them in brackets) and
text, the whole paragraph.  Text is str; a path that is not UTF-8 is
decoded as os.fsdecode() does, so that open(hit["path"]) opens it.

Errors raise an essay.Error whose message is the library's (what --json
says in "error": {"message", "kind"}) and whose kind is its name for
scripts: essay.IndexError when the index cannot be opened or read
(kinds no_index, bad_argument, incompatible, io, xapian), essay.QueryError for
a query that cannot be parsed (bad_query) or holds no words (empty_query),
essay.LibraryError when libessay cannot be loaded (no_library; the message
names every place tried).  Inside this module IndexError is essay's, not
the builtin; scripts name it essay.IndexError.  Bad arguments (a negative
limit, an unknown sort) raise ValueError or TypeError, as in any module.

libessay is looked for in $LIBESSAY when set, else in the build tree when
this package runs from a checkout (build/libessay.so.0), in the lib
directory it is installed under (PREFIX/lib), then by the dynamic loader
(LD_LIBRARY_PATH and the system's directories); it is loaded at the first
search, so help(essay) works without it.

Threads: a Searcher serves one search at a time (a lock keeps a shared one
safe); give each thread its own Searcher for searches that run at once.
"""
import ctypes
import os
import threading
import weakref

from . import _library

__all__ = ["search", "Searcher", "Results", "mark", "Error", "IndexError", "QueryError",
           "LibraryError"]

_MAX_COUNT = 1000000    # as essay-search's --limit, --offset and --per-essay
_SORTS = {"relevance": _library.ESSAY_SORT_RELEVANCE, "date": _library.ESSAY_SORT_DATE}
_EXPAND = {None: _library.ESSAY_EXPAND_AUTO, True: _library.ESSAY_EXPAND_ALWAYS,
           False: _library.ESSAY_EXPAND_NEVER}


class Error(Exception):
    """An error of libessay: str() is its message, .kind its name for scripts
    (essay_status_name(): "no_index", "bad_query", ...), as essay-search
    --json reports them in "error": {"message", "kind"}."""

    def __init__(self, message, kind):
        super().__init__(message, kind)     # both in args: it pickles
        self.message = message
        self.kind = kind

    def __str__(self):
        return self.message


# Shadows the builtin IndexError in this module (scripts say essay.IndexError).
class IndexError(Error):
    """The index cannot be opened or read: kind "no_index" (nothing there,
    or no path given and $ESSAY_INDEX unset), "bad_argument" (the path holds
    something else), "incompatible" (built by another version: rebuild it),
    "io" or "xapian"."""


class QueryError(Error):
    """The query cannot be searched: kind "bad_query" (the message gives the
    column and why) or "empty_query" (no words)."""


class LibraryError(Error):
    """libessay cannot be loaded: kind "no_library"; the message names every
    place it was looked for and why each failed."""


_loaded = None
_loading = threading.Lock()


def _lib():
    """(libessay, libc), loaded at the first call."""
    global _loaded
    with _loading:
        if _loaded is None:
            try:
                _loaded = _library.load()
            except OSError as error:
                raise LibraryError(str(error), "no_library") from None
        return _loaded


def _text(value):
    """A C string of essay text (bytes or None) as str."""
    return None if value is None else value.decode("utf-8", "replace")


def _failure(lib, libc, status, err, prefix=""):
    """The Error for 'status', with the library's malloc'd message in 'err'
    (freed here; the status's description when there is none)."""
    if err.value:
        message = ctypes.string_at(err.value).decode("utf-8", "replace")
        libc.free(err.value)
    else:
        message = lib.essay_strerror(status).decode()
    kind = lib.essay_status_name(status).decode()
    if kind == "bad_query":
        return QueryError(prefix + message, kind)
    if kind == "nomem":
        return Error(message, kind)
    return IndexError(message, kind)


def _count(name, value):
    """'value' checked as a count from 0 to 1000000."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} wants an int, not {type(value).__name__}")
    if not 0 <= value <= _MAX_COUNT:
        raise ValueError(f"{name} wants a number from 0 to {_MAX_COUNT}, not {value}")
    return value


def _hit(lib, searcher, hit):
    """An essay_hit (a pointer to it) of a search on 'searcher' as the dict
    essay-search --json writes for it."""
    anchor = ctypes.create_string_buffer(_library.ESSAY_ANCHOR_SIZE)
    if lib.essay_hit_anchor(searcher, hit, anchor) != _library.ESSAY_OK:
        raise Error("out of memory", "nomem")
    hit = hit.contents
    return {
        "rank": hit.rank,
        "score": hit.score,
        "path": os.fsdecode(hit.path),
        "line": hit.line,
        "match_line": hit.match_line,
        "paragraph": hit.paragraph,
        "anchor": anchor.value.decode(),
        "copies": hit.copies,
        "title": _text(hit.title),
        "author": _text(hit.author),
        "date": _text(hit.date),
        "language": _text(hit.language),
        "snippet": _text(hit.snippet),
        "highlights": [[hit.highlights[i].start, hit.highlights[i].end]
                       for i in range(hit.n_highlights)],
        "text": _text(hit.text),
    }


def _blank(query):
    """Whether 'query' holds nothing but blanks, as essay-search sees them."""
    return query.strip(" \t\r\f\v") == ""


class Results(list):
    """The hits of a search (dicts, best first), with the rest of essay-search
    --json's object as attributes:

    query       the query as given
    total       how many paragraphs match in all (an estimate past the page,
                exact with exact_total=True)
    suggestion  a corrected query not searched, or None
    corrected   the corrected query searched in place of this one, which
                found nothing or has a word the index lacks among any of
                its words, or None (no_correct=True: never)
    asked_of    the word a question was asked of ("what did Kuleba say about
                ..."), when the hits are from the essays its author or file
                name names, else None
    relaxed     True when the hits need not hold every word (a question,
                nothing held every word, no paragraph did, or a quote closed
                nothing) and the hits hold some of them instead, or when
                no paragraph held the words and they name the essays shown
                (by author or file name), or a filter the essays lack was
                searched as its words (strict=True: never)
    unrecorded  the author:, year: and date: filters of a query that found
                nothing which match no essay of an index where at most half
                the essays record their field (most corpora have no header):
                dicts {"field": "author"|"year"|"date", "value": as typed,
                "recorded": essays recording the field, "essays": of the
                index}, else []
    unfiltered  the query searched with those read as their words
                ("thoreau" for "author:thoreau"), or None (none, nothing left
                to search, or strict=True)
    truncated   the start of the query that was searched, when the query
                was longer than a query may be (16 KB, 1000 words: a page
                pasted whole), else None (strict=True: such a query raises
                QueryError); essay-search says it on standard error
    """

    def __init__(self, query, hits, total, suggestion, corrected, relaxed, truncated=None,
                 asked_of=None, unrecorded=(), unfiltered=None):
        super().__init__(hits)
        self.unrecorded = list(unrecorded)
        self.unfiltered = unfiltered
        self.query = query
        self.total = total
        self.suggestion = suggestion
        self.corrected = corrected
        self.asked_of = asked_of
        self.relaxed = relaxed
        self.truncated = truncated

    def __repr__(self):
        return (f"<essay.Results {self.query!r}: {len(self)} hits of {self.total}"
                f"{', relaxed' if self.relaxed else ''}>")


class Searcher:
    """An index opened for searching, for as many queries as wanted.

    Searcher(index=None, partial=False): 'index' is a path (str, bytes or
    os.PathLike) or a list of them, searched as one index as essay-search
    does with several --index: each an index, a sharded index directory, a
    Xapian stub file or "tcp://HOST:PORT" (a shard served by xapian-tcpsrv).
    None: $ESSAY_INDEX, else $XDG_DATA_HOME/essay-search/index.  partial=True
    searches the shards that answer when a remote one cannot be reached
    (.skipped says which did not) instead of raising.

    Raises essay.IndexError when the index cannot be opened, essay.LibraryError
    when libessay cannot be loaded.  Close it with close(), or use it as a
    context manager; it is closed too when garbage collected.

    Attributes: skipped, a list of messages naming the shards left out under
    partial=True; damaged, a message when part of the index is damaged but
    the rest can be searched (per_essay=1 then ranks essays by their best
    paragraph), else None.

    The index is searched as it was when opened: a search that meets an
    update's commit reopens it by itself, and reopen() brings it up to date
    at once.
    """

    def __init__(self, index=None, partial=False):
        self._lib, self._libc = _lib()
        self._lock = threading.Lock()
        if index is None:
            paths = [self._default_path()]
        elif isinstance(index, (str, bytes, os.PathLike)):
            paths = [os.fsencode(index)]
        else:
            paths = [os.fsencode(path) for path in index]
        self._paths = (ctypes.c_char_p * len(paths))(*paths)
        self._flags = _library.ESSAY_OPEN_PARTIAL if partial else 0
        self._open()

    def _default_path(self):
        path = self._lib.essay_default_index_path()
        if not path:
            raise IndexError("no index path: give index= or set ESSAY_INDEX",
                             self._lib.essay_status_name(_library.ESSAY_NO_INDEX).decode())
        value = ctypes.string_at(path)
        self._libc.free(path)
        return value

    def _open(self):
        """Open self._paths into a handle, closed by self._finalizer."""
        handle, err = ctypes.c_void_p(), ctypes.c_void_p()
        status = self._lib.essay_searcher_open_many(self._paths, len(self._paths), self._flags,
                                                    ctypes.byref(handle), ctypes.byref(err))
        if status != _library.ESSAY_OK:
            raise _failure(self._lib, self._libc, status, err)
        self._handle = handle
        self._finalizer = weakref.finalize(self, self._lib.essay_searcher_close, handle)
        self.skipped = []
        while True:
            skipped = self._lib.essay_searcher_skipped(handle, len(self.skipped))
            if skipped is None:
                break
            self.skipped.append(_text(skipped))
        self.damaged = _text(self._lib.essay_searcher_damaged(handle))

    def search(self, query, limit=10, offset=0, any=False, per_essay=0,
               same_paragraph=False, strict=False, no_correct=False, expand=None,
               sort="relevance", snippet_chars=0, exact_total=False):
        """Search 'query' (essay-search(1)'s query language) and return its
        Results: the hits offset+1 .. offset+limit.

        limit           hits wanted; 0: none, .total still says how many match
        offset          hits to skip (past the last: no hits, no error)
        any             rank paragraphs matching any word, not only all
        per_essay       at most this many paragraphs of one essay (0: no
                        limit); with 1, essays are ranked by their whole text
        same_paragraph  a paragraph must hold every word itself
        strict          the query as written only: no correction, no falling
                        back to any of its words when nothing matches, and
                        an unclosed quote a QueryError
        no_correct      do not search the correction of a query that found
                        nothing (it is still the suggestion)
        expand          with per_essay=1, add the words that best tell the
                        first essays apart: True, False, or None (the default:
                        for any=True questions of four words or more)
        sort            "relevance" or "date" (newest first)
        snippet_chars   snippet length, about this many bytes (0: 240)
        exact_total     count every match, so that .total is exact

        Raises essay.QueryError for a query that cannot be parsed or holds no
        words, essay.IndexError when the index cannot be read, ValueError
        once the Searcher is closed.
        """
        if not isinstance(query, str):
            raise TypeError(f"the query is a str, not {type(query).__name__}")
        if sort not in _SORTS:
            raise ValueError(f"sort wants 'relevance' or 'date', not {sort!r}")
        if expand not in _EXPAND:
            raise ValueError(f"expand wants True, False or None, not {expand!r}")
        options = self._lib.essay_search_defaults()
        options.limit = _count("limit", limit)
        options.offset = _count("offset", offset)
        options.per_essay = _count("per_essay", per_essay)
        options.snippet_chars = _count("snippet_chars", snippet_chars)
        options.match_any = bool(any)
        options.same_paragraph = bool(same_paragraph)
        options.strict = bool(strict)
        options.no_correct = bool(no_correct)
        options.exact_total = bool(exact_total)
        options.expand = _EXPAND[expand]
        options.sort = _SORTS[sort]
        encoded = query.encode()
        if b"\0" in encoded:
            column = encoded.index(b"\0") + 1
            raise QueryError(f"bad query at column {column}: a NUL byte", "bad_query")
        if _blank(query):
            raise QueryError("empty query: no words to search for", "empty_query")
        with self._lock:
            handle = self._live_handle()
            results, err = ctypes.c_void_p(), ctypes.c_void_p()
            status = self._lib.essay_search(handle, encoded, ctypes.byref(options),
                                            ctypes.byref(results), ctypes.byref(err))
            if status != _library.ESSAY_OK:
                raise _failure(self._lib, self._libc, status, err, prefix="bad query at ")
            try:
                return self._results(handle, query, results, limit)
            finally:
                self._lib.essay_results_free(results)

    def _results(self, handle, query, results, limit):
        """The Results of the essay_results 'results' of a search on
        'handle' (not freed here)."""
        lib = self._lib
        if limit == 0:      # the library's 0 is its default page: keep the total, no hits
            lib.essay_results_truncate(results, 0)
        hits = [_hit(lib, handle, lib.essay_results_hit(results, i))
                for i in range(lib.essay_results_count(results))]
        words = ctypes.c_size_t()
        searched = lib.essay_results_truncated(results, ctypes.byref(words))
        filters = ctypes.POINTER(_library.Unrecorded)()
        n = lib.essay_results_unrecorded(results, ctypes.byref(filters))
        unrecorded = [{"field": _text(f.field), "value": _text(f.value),
                       "recorded": f.recorded, "essays": f.essays}
                      for f in (filters[:n] if n else [])]
        return Results(query, hits, lib.essay_results_estimate(results),
                       _text(lib.essay_results_suggestion(results)),
                       _text(lib.essay_results_corrected(results)),
                       bool(lib.essay_results_relaxed(results)),
                       query.encode()[:searched].decode() if searched else None,
                       _text(lib.essay_results_asked_of(results)), unrecorded,
                       _text(lib.essay_results_unfiltered(results)))

    def _live_handle(self):
        if not self._finalizer.alive:
            raise ValueError("search on a closed essay.Searcher")
        return self._handle

    def reopen(self):
        """Open the index afresh, to search what updates since it was opened
        made of it.  Raises essay.IndexError when it cannot be opened (the
        Searcher is then closed)."""
        with self._lock:
            self._live_handle()
            self._finalizer()
            self._open()

    def close(self):
        """Release the index; again: nothing."""
        with self._lock:
            self._finalizer()

    @property
    def closed(self):
        """True once close() was called."""
        return not self._finalizer.alive

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __repr__(self):
        paths = ", ".join(os.fsdecode(path) for path in self._paths)
        return f"<essay.Searcher {paths}{' closed' if self.closed else ''}>"


def search(query, index=None, **options):
    """Search 'query' in 'index' (a path or a list of paths; None: the
    default index, $ESSAY_INDEX) and return its Results: a list of hits,
    each a dict with essay-search --json's fields.  The options are
    Searcher.search()'s: limit=10, offset=0, any=False, per_essay=0,
    same_paragraph=False, strict=False, no_correct=False, expand=None,
    sort="relevance", snippet_chars=0, exact_total=False.

    Opens the index for this one query: a Searcher keeps it open for many.
    Raises essay.IndexError, essay.QueryError or essay.LibraryError."""
    with Searcher(index) as searcher:
        return searcher.search(query, **options)


def mark(hit, before="[", after="]"):
    """The hit's snippet with each highlighted word or phrase between
    'before' and 'after' (the highlights are byte offsets: this does the
    arithmetic)."""
    snippet = hit["snippet"].encode()
    parts, done = [], 0
    for start, end in hit["highlights"]:
        parts += [snippet[done:start].decode(), before, snippet[start:end].decode(), after]
        done = end
    parts.append(snippet[done:].decode())
    return "".join(parts)
