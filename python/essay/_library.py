"""essay._library -- find libessay, load it with ctypes and declare what the
essay module calls of it.

The structs mirror essay.h field for field (ctypes lays them out as the C
compiler does; tests/test_python.py checks the offsets against a compiled
program), so essay_results_hit() hands back a pointer to a real essay_hit.
Strings come back as bytes: byte offsets need them, and the essay module
decodes them.

Where the library is looked for, in order, stopping at the first that loads:
$LIBESSAY alone when it is set; else the build tree when this package runs
from a checkout (python/essay -> build/libessay.so.0); the lib directory the
package is installed under (PREFIX/lib/python3/dist-packages/essay ->
PREFIX/lib/libessay.so.0); then libessay.so.0 through the dynamic loader
(LD_LIBRARY_PATH, the system's library directories).  When none loads,
load() raises OSError with one line naming each place tried and why it
failed.
"""
import ctypes
import os

SONAME = "libessay.so.0"

ESSAY_OK = 0
ESSAY_NO_INDEX = 5
ESSAY_OPEN_PARTIAL = 1
ESSAY_SORT_RELEVANCE = 0
ESSAY_SORT_DATE = 1
ESSAY_EXPAND_AUTO = 0
ESSAY_EXPAND_ALWAYS = 1
ESSAY_EXPAND_NEVER = -1
ESSAY_ANCHOR_SIZE = 35      # bytes of an anchor, its NUL included


class Span(ctypes.Structure):
    """essay_span: bytes start..end (exclusive) of the snippet."""
    _fields_ = [("start", ctypes.c_size_t), ("end", ctypes.c_size_t)]


class SearchOptions(ctypes.Structure):
    """essay_search_options."""
    _fields_ = [
        ("limit", ctypes.c_uint),
        ("offset", ctypes.c_uint),
        ("match_any", ctypes.c_int),
        ("per_essay", ctypes.c_uint),
        ("sort", ctypes.c_int),          # essay_sort, an enum
        ("snippet_chars", ctypes.c_size_t),
        ("exact_total", ctypes.c_int),
        ("expand", ctypes.c_int),
        ("same_paragraph", ctypes.c_int),
        ("no_correct", ctypes.c_int),
        ("strict", ctypes.c_int),
        ("bm25_k1", ctypes.c_double),
        ("bm25_b", ctypes.c_double),
        ("no_essay_database", ctypes.c_int),
        ("rough_total", ctypes.c_int),
    ]


class Hit(ctypes.Structure):
    """essay_hit; its const char * fields are bytes (or None)."""
    _fields_ = [
        ("rank", ctypes.c_uint),
        ("score", ctypes.c_double),
        ("path", ctypes.c_char_p),
        ("line", ctypes.c_uint),
        ("paragraph", ctypes.c_uint),
        ("title", ctypes.c_char_p),
        ("author", ctypes.c_char_p),
        ("date", ctypes.c_char_p),
        ("snippet", ctypes.c_char_p),
        ("highlights", ctypes.POINTER(Span)),
        ("n_highlights", ctypes.c_size_t),
        ("text", ctypes.c_char_p),
        ("language", ctypes.c_char_p),
        ("copies", ctypes.c_uint),
        ("match_line", ctypes.c_uint),
    ]


class Unrecorded(ctypes.Structure):
    """essay_unrecorded: a filter of a query that the index's essays do not record."""
    _fields_ = [
        ("field", ctypes.c_char_p),
        ("value", ctypes.c_char_p),
        ("recorded", ctypes.c_size_t),
        ("essays", ctypes.c_size_t),
    ]


_HANDLE = ctypes.c_void_p
_OUT = ctypes.POINTER(ctypes.c_void_p)
# name: (argument types, result type), as essay.h declares them.
_PROTOTYPES = {
    "essay_strerror": ([ctypes.c_int], ctypes.c_char_p),
    "essay_status_name": ([ctypes.c_int], ctypes.c_char_p),
    "essay_default_index_path": ([], ctypes.c_void_p),      # malloc'd char *
    "essay_searcher_open_many": ([ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_int,
                                  _OUT, _OUT], ctypes.c_int),
    "essay_searcher_skipped": ([_HANDLE, ctypes.c_size_t], ctypes.c_char_p),
    "essay_searcher_damaged": ([_HANDLE], ctypes.c_char_p),
    "essay_searcher_close": ([_HANDLE], None),
    "essay_search_defaults": ([], SearchOptions),
    "essay_search": ([_HANDLE, ctypes.c_char_p, ctypes.POINTER(SearchOptions), _OUT, _OUT],
                     ctypes.c_int),
    "essay_results_count": ([_HANDLE], ctypes.c_size_t),
    "essay_results_estimate": ([_HANDLE], ctypes.c_size_t),
    "essay_results_hit": ([_HANDLE, ctypes.c_size_t], ctypes.POINTER(Hit)),
    "essay_hit_anchor": ([_HANDLE, ctypes.POINTER(Hit), ctypes.c_char_p], ctypes.c_int),
    "essay_results_suggestion": ([_HANDLE], ctypes.c_char_p),
    "essay_results_corrected": ([_HANDLE], ctypes.c_char_p),
    "essay_results_asked_of": ([_HANDLE], ctypes.c_char_p),
    "essay_results_relaxed": ([_HANDLE], ctypes.c_int),
    "essay_results_unrecorded": ([_HANDLE, ctypes.POINTER(ctypes.POINTER(Unrecorded))],
                                 ctypes.c_size_t),
    "essay_results_unfiltered": ([_HANDLE], ctypes.c_char_p),
    "essay_results_truncated": ([_HANDLE, ctypes.POINTER(ctypes.c_size_t)], ctypes.c_size_t),
    "essay_results_truncate": ([_HANDLE, ctypes.c_size_t], None),
    "essay_results_free": ([_HANDLE], None),
}


def _candidates():
    """[(path or name, how it is named in a message)] in the order tried."""
    if "LIBESSAY" in os.environ:
        path = os.environ["LIBESSAY"]
        return [(path, f"$LIBESSAY ({path})")]
    package = os.path.dirname(os.path.abspath(__file__))
    found = []
    checkout = os.path.dirname(os.path.dirname(package))
    if os.path.isfile(os.path.join(checkout, "core", "essay.h")):
        path = os.path.join(checkout, "build", SONAME)
        found.append((path, path))
    libdir = package
    while os.path.basename(libdir) != "lib" and os.path.dirname(libdir) != libdir:
        libdir = os.path.dirname(libdir)
    if os.path.basename(libdir) == "lib":
        path = os.path.join(libdir, SONAME)
        found.append((path, path))
    search_path = os.environ.get("LD_LIBRARY_PATH") or "unset"
    found.append((SONAME, f"{SONAME} through the dynamic loader (LD_LIBRARY_PATH {search_path}, "
                          "then the system's library directories)"))
    return found


def _why(path, error):
    """Why 'path' did not load, in a few words."""
    if os.sep in path and not os.path.exists(path):
        return "no such file"
    return str(error)


def _declare(lib):
    for name, (argtypes, restype) in _PROTOTYPES.items():
        function = getattr(lib, name)
        function.argtypes = argtypes
        function.restype = restype


def load():
    """libessay, its functions declared, and libc (for free()).  Raises OSError
    naming every place tried when it cannot be loaded."""
    tried = []
    for path, named in _candidates():
        try:
            lib = ctypes.CDLL(path)
        except OSError as error:
            tried.append(f"{named}: {_why(path, error)}")
            continue
        _declare(lib)
        libc = ctypes.CDLL(None)
        libc.free.argtypes = [ctypes.c_void_p]
        libc.free.restype = None
        return lib, libc
    raise OSError("cannot load libessay: tried " + "; ".join(tried)
                  + "; set LIBESSAY to its path")
