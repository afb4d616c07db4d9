#!/usr/bin/env bash
# exports.sh -- the shared library exports its API and nothing else, and the
# version is one: what `nm -D` finds defined in libessay.so is exactly the
# functions core/essay.h declares (read through the preprocessor, so that no
# comment counts), none of the internals (essay__*, xc_*, C++), and the
# version of essay.h (ESSAY_VERSION) is the one the library's file name, its
# SONAME and both programs' --version give (tests/examples.sh checks the
# installed libessay.pc against it too).
#
# Run from the repository root after `make`: BUILD=build tests/exports.sh
set -u
BUILD=${BUILD:-build}
BUILD=$(cd "$BUILD" && pwd)
WORK=$(mktemp -d /tmp/essay-exports.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

. "$(dirname "$0")/assert.sh"

version=$(sed -n 's/^#define ESSAY_VERSION "\(.*\)"$/\1/p' core/essay.h)
contains "essay.h defines ESSAY_VERSION as MAJOR.MINOR.PATCH" "$version" "."
major=${version%%.*}
library=$BUILD/libessay.so.$version
equals "the shared library is named by that version" "$(test -f "$library" && echo found)" found

# ---- exports -----------------------------------------------------------------
${CC:-cc} -E -P core/essay.h | grep -o '\bessay_[a-z0-9_]*[[:space:]]*(' | tr -d '( \t' \
    | sort -u >"$WORK/declared"
nm -D --defined-only "$library" | awk '{ print $NF }' | sort -u >"$WORK/exported"
contains "essay.h declares the API" "$(cat "$WORK/declared")" "essay_search_stream"
equals "every symbol exported is a function of essay.h" \
    "$(comm -13 "$WORK/declared" "$WORK/exported" | head -20 | xargs)" ""
equals "every function of essay.h is exported" \
    "$(comm -23 "$WORK/declared" "$WORK/exported" | xargs)" ""
equals "no internal symbol is exported (essay__*, xc_*)" \
    "$(grep -E '^(essay__|xc_)' "$WORK/exported" | head -5 | xargs)" ""
# The internals are still in the static library, which the unit tests link.
contains "libessay.a keeps the internals for the unit tests" \
    "$(nm --defined-only "$BUILD/libessay.a" 2>/dev/null)" " essay__fail_xc"

# ---- one version ---------------------------------------------------------------
contains "the SONAME is libessay.so.MAJOR" "$(readelf -d "$library")" \
    "Library soname: [libessay.so.$major]"
equals "libessay.so.$major names it" "$(readlink "$BUILD/libessay.so.$major")" "libessay.so.$version"
check "essay-search --version" 0 "$BUILD/essay-search" --version
equals "essay-search says the version of essay.h" "$out" "essay-search $version"
check "essay-index --version" 0 "$BUILD/essay-index" --version
equals "essay-index says the version of essay.h" "$out" "essay-index $version"
for page in docs/*.[13]; do
    contains "$page is the manual of this version" "$(head -1 "$page")" " $version\""
done

echo "exports: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
