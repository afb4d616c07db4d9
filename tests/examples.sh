#!/usr/bin/env bash
# examples.sh -- tests of the install and of what users build on it: `make
# install PREFIX=tmp` (and with DESTDIR), the files, symlinks, SONAME and
# pkg-config file it leaves, the three examples in examples/ built and run
# against the installed copy (C shared and static, shell + jq, Python through
# the installed essay module; tests/test_python.py tests the module itself)
# with their output checked against hits verified by hand in corpus/, the
# README's library block run as written, the bash completion, and `make
# uninstall` leaving no file behind.
#
# Run from the repository root after `make`: BUILD=build tests/examples.sh
# When the library was built with sanitizers (make test-asan), the examples
# are compiled with the same ones and Python gets their runtimes preloaded.
set -u
BUILD=${BUILD:-build}
BUILD=$(cd "$BUILD" && pwd)
ROOT=$(pwd)
WORK=$(mktemp -d /tmp/essay-examples.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
PREFIX=$WORK/prefix
INDEX=$WORK/index
unset ESSAY_INDEX NO_COLOR

passed=0
failed=0
# ok NAME COMMAND...: one assertion, passed when COMMAND succeeds (else status 1)
ok() {
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name" >&2
        return 1
    fi
}
# same NAME GOT WANTED: GOT and WANTED are equal
same() {
    ok "$1" [ "$2" == "$3" ] || echo "  got:    '$2'"$'\n'"  wanted: '$3'" >&2
}
holds() { [[ -n $2 && $1 == *"$2"* ]]; }
# has NAME HAYSTACK NEEDLE: NEEDLE (not empty) is in HAYSTACK
has() {
    ok "$1" holds "$2" "$3" || echo "  '$3' not in: ${2:0:600}" >&2
}

# The version, written once, in essay.h: the installed files must agree with it.
VERSION=$(sed -n 's/^#define ESSAY_VERSION "\(.*\)"$/\1/p' core/essay.h)
MAJOR=${VERSION%%.*}

BIELOKOLOS=$ROOT/corpus/bielokolos-security-guarantees-options-for-ukraine.txt
FREEDMAN=$ROOT/corpus/freedman-as-long-as-it-takes.txt
# Checked by hand: "Machiavelli" is in one paragraph of the corpus, the one
# starting at line 53 of Bielokolos's essay; "black sea fleet" only in the
# paragraph at line 14 of Freedman's.
MACHIAVELLI_HIT=$'1\tSecurity Guarantees: Options for Ukraine\t'$BIELOKOLOS:53
FLEET_HIT=$'1\t‘As Long as it Takes\': What does it mean to commit to Ukraine’s security?\t'$FREEDMAN:14

# ---- make install ------------------------------------------------------------
# Nothing else can be tested without it.
if ! ok "make install PREFIX=tmp" make -s --no-print-directory BUILD="$BUILD" PREFIX="$PREFIX" \
    install >"$WORK/install.log" 2>&1; then
    cat "$WORK/install.log" >&2
    echo "examples: $passed passed, $failed failed (no install to test)"
    exit 1
fi
for f in bin/essay-index bin/essay-search lib/libessay.a lib/libessay.so.$VERSION include/essay.h \
    lib/pkgconfig/libessay.pc share/man/man1/essay-index.1 share/man/man1/essay-search.1 \
    share/man/man3/libessay.3 share/man/man3/essay-python.3 share/bash-completion/completions/essay-index \
    share/bash-completion/completions/essay-search; do
    ok "installed $f" test -f "$PREFIX/$f" -a ! -L "$PREFIX/$f"
done
same "libessay.so.$MAJOR -> libessay.so.$VERSION" "$(readlink "$PREFIX/lib/libessay.so.$MAJOR")" \
    "libessay.so.$VERSION"
same "libessay.so -> libessay.so.$MAJOR" "$(readlink "$PREFIX/lib/libessay.so")" "libessay.so.$MAJOR"
has "the SONAME is libessay.so.$MAJOR" "$(readelf -d "$PREFIX/lib/libessay.so.$VERSION")" \
    "Library soname: [libessay.so.$MAJOR]"
same "the installed header is essay.h" "$(cmp "$ROOT/core/essay.h" "$PREFIX/include/essay.h" && echo same)" same

export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig
same "pkg-config version is essay.h's" "$(pkg-config --modversion libessay)" "$VERSION"
same "pkg-config prefix is PREFIX" "$(pkg-config --variable=prefix libessay)" "$PREFIX"
has "pkg-config --cflags" "$(pkg-config --cflags libessay)" "-I$PREFIX/include"
same "pkg-config --libs: just libessay" "$(pkg-config --libs libessay | xargs)" "-L$PREFIX/lib -lessay"
static_libs=$(pkg-config --static --libs libessay)
for lib in -lessay -lstemmer -lstdc++ -lxapian -lutf8proc -ljansson -lhunspell-1.7; do
    has "pkg-config --static --libs has $lib" "$static_libs" " $lib"
done
missing=
while read -r function; do
    grep -qw "$function" "$PREFIX/share/man/man3/libessay.3" || missing+=" $function"
done < <(sed -n 's/^[a-z_ *]*\b\(essay_[a-z0-9_]*\)(.*/\1/p' core/essay.h | sort -u)
same "libessay(3) names every function of essay.h" "$missing" ""
same "essay-index --version" "$("$PREFIX/bin/essay-index" --version)" "essay-index $VERSION"
same "essay-search --version" "$("$PREFIX/bin/essay-search" --version)" "essay-search $VERSION"

# A library built with sanitizers needs their runtimes (sanitizers.sh).
# shellcheck source=tests/sanitizers.sh
. "$ROOT/tests/sanitizers.sh"
use_sanitizers "$PREFIX/lib/libessay.so.$VERSION" "$WORK/sanitizers"

# ---- an index, made by the installed indexer --------------------------------
ok "installed essay-index indexes corpus/" "$PREFIX/bin/essay-index" -q --index "$INDEX" corpus/

# ---- examples/search.c: shared, then static ---------------------------------
export LD_LIBRARY_PATH=$PREFIX/lib
# shellcheck disable=SC2046 # pkg-config's flags are words
ok "search.c builds with pkg-config --cflags --libs" cc -std=c11 -Wall -Wextra -Werror \
    -o "$WORK/search" examples/search.c $(pkg-config --cflags --libs libessay)
has "search (shared) needs libessay.so.0" "$(readelf -d "$WORK/search")" "[libessay.so.0]"
same "search.c: machiavelli" "$("$WORK/search" "$INDEX" machiavelli)" "$MACHIAVELLI_HIT"
same "search.c: a phrase, words joined" "$("$WORK/search" "$INDEX" '"black' sea 'fleet"')" "$FLEET_HIT"
"$WORK/search" "$INDEX" zzyzxqv >/dev/null
same "search.c: no hits exits 1" $? 1
err=$("$WORK/search" "$WORK/no-such-index" security 2>&1 >/dev/null)
same "search.c: a missing index exits 2" $? 2
has "search.c: and says why" "$err" "no-such-index"

# shellcheck disable=SC2046,SC2086
ok "search.c links libessay.a with pkg-config --static" cc -std=c11 -Wall -Wextra -Werror \
    -o "$WORK/search-static" examples/search.c $(pkg-config --cflags libessay) \
    ${static_libs/-lessay/-l:libessay.a}
lacks_libessay() { ! readelf -d "$1" | grep -q libessay; }
ok "search (static) does not need libessay.so" lacks_libessay "$WORK/search-static"
same "search.c static: machiavelli" "$(env -u LD_LIBRARY_PATH "$WORK/search-static" "$INDEX" machiavelli)" \
    "$MACHIAVELLI_HIT"

# ---- examples/search.sh -----------------------------------------------------
export PATH=$PREFIX/bin:$PATH
same "search.sh: machiavelli" "$(examples/search.sh --index "$INDEX" machiavelli)" "$MACHIAVELLI_HIT"
same "search.sh: a phrase" "$(examples/search.sh --index "$INDEX" '"black sea fleet"')" "$FLEET_HIT"
out=$(examples/search.sh --index "$INDEX" security guarantees)
same "search.sh: one line an essay" "$(cut -f3 <<<"$out" | cut -d: -f1 | sort | uniq -d)" ""
same "search.sh: the counts add up to every matching paragraph" \
    "$(awk -F'\t' '{ n += $1 } END { print n }' <<<"$out")" \
    "$(essay-search --index "$INDEX" --count security guarantees)"
same "search.sh: first essay is that of the best hit" "$(head -1 <<<"$out" | cut -f3)" \
    "$(essay-search --index "$INDEX" --jsonl --limit 1 security guarantees | jq -r '"\(.path):\(.line)"')"
examples/search.sh --index "$INDEX" zzyzxqv >/dev/null
same "search.sh: no hits exits 1" $? 1
examples/search.sh --index "$INDEX" 'lang:xx' >/dev/null 2>&1
same "search.sh: a bad query exits 2" $? 2

# ---- examples/search.py, through the installed essay module -----------------
module=$(find "$PREFIX" -path '*/essay/__init__.py')
ok "installed the essay Python module" test -f "$module" -a -f "${module%/*}/_library.py"
export PYTHONPATH=${module%/essay/__init__.py}
out=$(examples/search.py "$INDEX" machiavelli)
same "search.py: machiavelli, hit line" "$(head -1 <<<"$out")" \
    "1. Security Guarantees: Options for Ukraine ($BIELOKOLOS:53)"
has "search.py: highlight offsets mark the word" "$(sed -n 2p <<<"$out")" "Niccolò [Machiavelli] observed"
same "search.py: one hit" "$(wc -l <<<"$out")" 2
out=$(examples/search.py "$INDEX" '"black sea fleet"')
has "search.py: a phrase is highlighted as one" "$out" "[black sea fleet]"
examples/search.py "$INDEX" zzyzxqv >/dev/null
same "search.py: no hits exits 1" $? 1
err=$(examples/search.py "$INDEX" 'tax* NEAR war' 2>&1 >/dev/null)
same "search.py: a bad query exits 2" $? 2
same "search.py: with the library's message" "$err" \
    "search.py: bad query at column 1: NEAR takes a word or a phrase on each side, not a prefix"
err=$(examples/search.py "$WORK/no-such-index" machiavelli 2>&1 >/dev/null)
same "search.py: a missing index exits 2" $? 2
same "search.py: and says so" "$err" \
    "search.py: cannot open index '$WORK/no-such-index': No such file or directory"
err=$(LIBESSAY=$WORK/nowhere/libessay.so examples/search.py "$INDEX" machiavelli 2>&1 >/dev/null)
same "search.py: no library exits 2" $? 2
same "search.py: in one line naming the path tried" "$err" \
    "search.py: cannot load libessay: tried \$LIBESSAY ($WORK/nowhere/libessay.so): no such file; set LIBESSAY to its path"
out=$(env -u LD_LIBRARY_PATH examples/search.py "$INDEX" machiavelli)
same "search.py: the installed module finds libessay beside it" "$(head -1 <<<"$out")" \
    "1. Security Guarantees: Options for Ukraine ($BIELOKOLOS:53)"

# ---- the README's library block, as written ----------------------------------
# It runs in a scratch directory holding corpus/ and examples/, as in a checkout.
awk '/^## The library/ { section = 1 } section && /^```$/ { exit } inblock { print }
     section && /^```sh$/ { inblock = 1 }' README.md >"$WORK/readme-library.sh"
mkdir "$WORK/readme"
ln -s "$ROOT/corpus" "$ROOT/examples" "$WORK/readme/"
has "the README has a library block" "$(cat "$WORK/readme-library.sh")" "pkg-config --cflags --libs libessay"
out=$(cd "$WORK/readme" && bash -e "$WORK/readme-library.sh" 2>&1)
same "the README's library block runs" $? 0
has "README: search finds Machiavelli" "$out" "$MACHIAVELLI_HIT"
has "README: search-static finds the fleet" "$out" "$FLEET_HIT"
has "README: search.sh groups by essay" "$out" $'8\tWhat Ukraine needs\t'
has "README: search.py marks highlights" "$out" "[security] [guarantees]"

# ---- bash completion, from the installed files ------------------------------
completions=$PREFIX/share/bash-completion/completions
# complete_words FILE WORD...: source FILE, complete the last WORD, print COMPREPLY
complete_words() {
    bash -c '. "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _essay_complete "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        echo "${COMPREPLY[*]}"' complete_words "$@" 2>&1
}
same "complete -p essay-search" "$(bash -c '. "$1"; complete -p essay-search' _ "$completions/essay-search")" \
    "complete -F _essay_complete essay-search"
same "complete -p essay-index (its own file)" \
    "$(bash -c '. "$1"; complete -p essay-index' _ "$completions/essay-index")" \
    "complete -F _essay_complete essay-index"
same "essay-search --col" "$(complete_words "$completions/essay-search" essay-search --col)" --color
same "essay-search --color <values>" \
    "$(complete_words "$completions/essay-search" essay-search --color '')" "auto always never"
same "essay-search --color=al" \
    "$(complete_words "$completions/essay-search" essay-search --color = al)" always
same "essay-search --sort" "$(complete_words "$completions/essay-search" essay-search --sort '')" \
    "relevance date"
same "essay-search --facets <names>" \
    "$(complete_words "$completions/essay-search" essay-search --facets '')" "author year month essay"
same "essay-search --facets author,y" \
    "$(complete_words "$completions/essay-search" essay-search --facets author,y)" author,year
same "essay-search --timeline=mo" \
    "$(complete_words "$completions/essay-search" essay-search --timeline = mo)" month
same "essay-search --js" "$(complete_words "$completions/essay-search" essay-search --js)" \
    "--json --jsonl"
same "essay-search --inter" "$(complete_words "$completions/essay-search" essay-search --inter)" \
    --interactive
same "essay-search --cont" "$(complete_words "$completions/essay-search" essay-search --cont)" --context
same "essay-search --ed" "$(complete_words "$completions/essay-search" essay-search --ed)" --edit
same "essay-search -C N: a number, no option" \
    "$(complete_words "$completions/essay-search" essay-search -C --)" ""
same "essay-search --edit N: a number, no option" \
    "$(complete_words "$completions/essay-search" essay-search --edit --)" ""
same "essay-index --dr" "$(complete_words "$completions/essay-index" essay-index --dr)" --dry-run
same "essay-index --language fr" \
    "$(complete_words "$completions/essay-index" essay-index --language fr)" french
same "essay-search lang:fr (a query's language)" \
    "$(complete_words "$completions/essay-search" essay-search lang : fr)" "french fr"
same "essay-search language:ger" \
    "$(complete_words "$completions/essay-search" essay-search language : ger)" german
same "essay-index PATH" "$(complete_words "$completions/essay-index" essay-index corpus/kul)" \
    corpus/kuleba-what-ukraine-needs.txt
same "essay-search --index takes directories" \
    "$(complete_words "$completions/essay-search" essay-search --index "$WORK/ind")" "$INDEX"
# every option --help lists, and only those, is offered
for program in essay-index essay-search; do
    same "$program: every option in --help is completed" \
        "$(complete_words "$completions/$program" "$program" -- | tr ' ' '\n' | sort)" \
        "$("$program" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)"
done

# ---- make install with DESTDIR, then make uninstall ------------------------
STAGE=$WORK/stage
ok "make install PREFIX=/usr DESTDIR=stage" make -s --no-print-directory BUILD="$BUILD" PREFIX=/usr \
    DESTDIR="$STAGE" install >"$WORK/install.log" 2>&1 || cat "$WORK/install.log" >&2
ok "DESTDIR: the files are under the stage" test -f "$STAGE/usr/lib/libessay.so.$VERSION"
same "DESTDIR: libessay.pc names PREFIX, not the stage" \
    "$(sed -n 's/^prefix=//p' "$STAGE/usr/lib/pkgconfig/libessay.pc")" /usr
ok "make uninstall DESTDIR=stage" make -s --no-print-directory BUILD="$BUILD" PREFIX=/usr \
    DESTDIR="$STAGE" uninstall
same "DESTDIR: uninstall leaves no file" "$(find "$STAGE" ! -type d)" ""

ok "make uninstall PREFIX=tmp" make -s --no-print-directory BUILD="$BUILD" PREFIX="$PREFIX" uninstall
same "uninstall leaves no file" "$(find "$PREFIX" ! -type d)" ""

echo "examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
