#!/usr/bin/env python3
"""search.py -- search an essay index from Python with the essay module.

    examples/search.py INDEX QUERY...

Prints the 5 best hits, each as its rank, title and path:line, then its
snippet with the highlighted words in [brackets] (essay.mark()).  The
module is the installed one (make install), else the checkout's python/
beside this file, which finds libessay in the build tree; see pydoc essay
for where it looks.  Exit status: 0 hits, 1 none, 2 error (a bad query, no
index, a library that cannot be loaded: one line says why).
"""
import os
import sys

try:
    import essay
except ImportError:     # not installed: the checkout's
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "python"))
    import essay


def main(argv):
    if len(argv) < 3:
        print(f"usage: {argv[0]} INDEX QUERY...", file=sys.stderr)
        return 2
    try:
        hits = essay.search(" ".join(argv[2:]), index=argv[1], limit=5)
    except essay.Error as error:
        print(f"search.py: {error}", file=sys.stderr)
        return 2
    for hit in hits:
        print(f'{hit["rank"]}. {hit["title"]} ({hit["path"]}:{hit["line"]})')
        print("   " + essay.mark(hit))
    return 0 if hits else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
