#!/usr/bin/env bash
# python.sh -- runs the essay Python module's tests, tests/test_python.py, with
# python3 -m unittest against the libessay of $BUILD; with the sanitizers'
# runtimes preloaded when that library was built with them (make test-asan).
#
# Run from the repository root after `make`: BUILD=build tests/python.sh
set -u
BUILD=${BUILD:-build}
BUILD=$(cd "$BUILD" && pwd)
WORK=$(mktemp -d /tmp/essay-python-run.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=tests/sanitizers.sh
. "$(dirname "$0")/sanitizers.sh"
use_sanitizers "$BUILD/libessay.so.0" "$WORK/sanitizers"
BUILD=$BUILD python3 -m unittest tests/test_python.py
