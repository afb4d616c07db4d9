#!/usr/bin/env python3
"""search.py -- search an essay index from Python through libessay.so (ctypes).

    examples/search.py INDEX QUERY...

The structs below mirror essay.h field for field (ctypes lays them out as the
C compiler does), so essay_results_hit() hands back a pointer to a real
essay_hit.  Each hit is printed as its rank, title, path:line and snippet,
with the highlighted bytes (essay_hit.highlights, byte offsets into the
snippet) put in [brackets].  The library is found by its SONAME,
libessay.so.0, the way the dynamic linker finds it (LD_LIBRARY_PATH included),
or at the path in $LIBESSAY.  Exit status: 0 hits, 1 none, 2 error (a library
that cannot be loaded too: one line says where it was looked for).
"""
import ctypes
import os
import sys

ESSAY_OK = 0


class Span(ctypes.Structure):
    _fields_ = [("start", ctypes.c_size_t), ("end", ctypes.c_size_t)]


class SearchOptions(ctypes.Structure):
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
    ]


class Hit(ctypes.Structure):
    # const char * fields are c_char_p: ctypes gives them as bytes (or None),
    # which is what byte offsets need.
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
    ]


def where_looked(name):
    """Where ctypes looked for the library 'name', for a message."""
    if "LIBESSAY" in os.environ:
        return f"$LIBESSAY ({name})"
    path = os.environ.get("LD_LIBRARY_PATH", "")
    return (f"{name} in LD_LIBRARY_PATH ({path or 'unset'}) and the system's library "
            "directories; set LIBESSAY to its path")


def load_library():
    """libessay with the prototypes of the functions used here declared, or
    None when it cannot be loaded (said on standard error)."""
    name = os.environ.get("LIBESSAY", "libessay.so.0")
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        print(f"search.py: cannot load libessay: tried {where_looked(name)}", file=sys.stderr)
        return None
    handle = ctypes.c_void_p
    out = ctypes.POINTER(ctypes.c_void_p)
    lib.essay_strerror.argtypes = [ctypes.c_int]
    lib.essay_strerror.restype = ctypes.c_char_p
    lib.essay_searcher_open.argtypes = [ctypes.c_char_p, out, out]
    lib.essay_searcher_open.restype = ctypes.c_int
    lib.essay_searcher_close.argtypes = [handle]
    lib.essay_searcher_close.restype = None
    lib.essay_search_defaults.argtypes = []
    lib.essay_search_defaults.restype = SearchOptions
    lib.essay_search.argtypes = [handle, ctypes.c_char_p, ctypes.POINTER(SearchOptions), out, out]
    lib.essay_search.restype = ctypes.c_int
    lib.essay_results_count.argtypes = [handle]
    lib.essay_results_count.restype = ctypes.c_size_t
    lib.essay_results_hit.argtypes = [handle, ctypes.c_size_t]
    lib.essay_results_hit.restype = ctypes.POINTER(Hit)
    lib.essay_results_free.argtypes = [handle]
    lib.essay_results_free.restype = None
    return lib


def take_message(err, lib, status):
    """The library's malloc'd message in 'err' as str, freed; its status text if none."""
    if not err.value:
        return lib.essay_strerror(status).decode()
    message = ctypes.string_at(err.value).decode("utf-8", "replace")
    libc = ctypes.CDLL(None)
    libc.free.argtypes = [ctypes.c_void_p]
    libc.free(err.value)
    return message


def marked_snippet(hit):
    """The hit's snippet with every highlight span put in [brackets]."""
    snippet = hit.snippet
    parts, done = [], 0
    for i in range(hit.n_highlights):
        span = hit.highlights[i]
        parts += [snippet[done:span.start], b"[", snippet[span.start:span.end], b"]"]
        done = span.end
    parts.append(snippet[done:])
    return b"".join(parts).decode("utf-8", "replace")


def main(argv):
    if len(argv) < 3:
        print(f"usage: {argv[0]} INDEX QUERY...", file=sys.stderr)
        return 2
    lib = load_library()
    if lib is None:
        return 2
    searcher, results, err = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    status = lib.essay_searcher_open(argv[1].encode(), ctypes.byref(searcher), ctypes.byref(err))
    if status == ESSAY_OK:
        options = lib.essay_search_defaults()
        options.limit = 5
        status = lib.essay_search(searcher, " ".join(argv[2:]).encode(), ctypes.byref(options),
                                  ctypes.byref(results), ctypes.byref(err))
    if status != ESSAY_OK:
        print("search.py: " + take_message(err, lib, status), file=sys.stderr)
        lib.essay_searcher_close(searcher)
        return 2

    count = lib.essay_results_count(results)
    for i in range(count):
        hit = lib.essay_results_hit(results, i).contents
        print(f"{hit.rank}. {hit.title.decode()} ({hit.path.decode()}:{hit.line})")
        print("   " + marked_snippet(hit))
    lib.essay_results_free(results)
    lib.essay_searcher_close(searcher)
    return 0 if count > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
