#!/usr/bin/env python3
"""sitedir.py -- print the directory `make install` puts the essay package in,
for the python3 that runs this and the PREFIX given.

    python3 python/sitedir.py PREFIX

The directory that python3 searches under PREFIX/lib, if it searches one:
Debian's python3 gives PREFIX=/usr /usr/lib/python3/dist-packages and
PREFIX=/usr/local /usr/local/lib/python3.X/dist-packages; a python3 built
with PREFIX its own prefix gives its site-packages.  Else the purelib path
of sysconfig's posix_prefix scheme for PREFIX,
PREFIX/lib/python3.X/site-packages: with PREFIX=~/.local, the user site
directory python3 searches by itself; elsewhere, one to name in PYTHONPATH.
"""
import os
import site
import sys
import sysconfig


def searched():
    """The package directories python3 searches, existing or not."""
    return [os.path.normpath(path) for path in site.getsitepackages() + sys.path if path]


def site_dir(prefix):
    prefix = os.path.normpath(os.path.abspath(prefix))
    for path in searched():
        parts = os.path.relpath(path, prefix).split(os.sep)
        if parts[0] == "lib" and parts[-1] in ("site-packages", "dist-packages"):
            return path
    return sysconfig.get_path("purelib", "posix_prefix", vars={"base": prefix, "platbase": prefix})


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: sitedir.py PREFIX")
    print(site_dir(sys.argv[1]))
