#!/usr/bin/env bash
# examples.sh -- tests of the install and of what users build on it: `make
# install PREFIX=tmp` (and with DESTDIR), the files, symlinks, SONAME and
# pkg-config file it leaves, the three examples in examples/ built and run
# against the installed copy (C shared and static, shell + jq, Python ctypes)
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
CC=${CC:-cc}  # the compiler the library was built with: its sanitizer runtimes
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
for f in bin/essay-index bin/essay-search lib/libessay.a lib/libessay.so.0.1.0 include/essay.h \
    lib/pkgconfig/libessay.pc share/man/man1/essay-index.1 share/man/man1/essay-search.1 \
    share/man/man3/libessay.3 share/bash-completion/completions/essay-index \
    share/bash-completion/completions/essay-search; do
    ok "installed $f" test -f "$PREFIX/$f" -a ! -L "$PREFIX/$f"
done
same "libessay.so.0 -> libessay.so.0.1.0" "$(readlink "$PREFIX/lib/libessay.so.0")" libessay.so.0.1.0
same "libessay.so -> libessay.so.0" "$(readlink "$PREFIX/lib/libessay.so")" libessay.so.0
has "the SONAME is libessay.so.0" "$(readelf -d "$PREFIX/lib/libessay.so.0.1.0")" \
    "Library soname: [libessay.so.0]"
same "the installed header is essay.h" "$(cmp "$ROOT/core/essay.h" "$PREFIX/include/essay.h" && echo same)" same

export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig
same "pkg-config version" "$(pkg-config --modversion libessay)" 0.1.0
same "pkg-config prefix is PREFIX" "$(pkg-config --variable=prefix libessay)" "$PREFIX"
has "pkg-config --cflags" "$(pkg-config --cflags libessay)" "-I$PREFIX/include"
same "pkg-config --libs: just libessay" "$(pkg-config --libs libessay | xargs)" "-L$PREFIX/lib -lessay"
static_libs=$(pkg-config --static --libs libessay)
for lib in -lessay -lstemmer -lstdc++ -lxapian -lutf8proc -ljansson; do
    has "pkg-config --static --libs has $lib" "$static_libs" " $lib"
done
missing=
while read -r function; do
    grep -qw "$function" "$PREFIX/share/man/man3/libessay.3" || missing+=" $function"
done < <(sed -n 's/^[a-z_ *]*\b\(essay_[a-z_]*\)(.*/\1/p' core/essay.h | sort -u)
same "libessay(3) names every function of essay.h" "$missing" ""
same "essay-index --version" "$("$PREFIX/bin/essay-index" --version)" "essay-index 0.1.0"
same "essay-search --version" "$("$PREFIX/bin/essay-search" --version)" "essay-search 0.1.0"

# A library built with sanitizers needs their runtimes: then `cc` and
# `python3` on PATH become wrappers that compile with the same sanitizers and
# run Python with the runtimes preloaded (its own leaks unreported).
sanitizers=$(readelf -d "$PREFIX/lib/libessay.so.0.1.0" | grep -o 'lib[a-z]*san\.so[.0-9]*')
if [ -n "$sanitizers" ]; then
    san_flags=
    san_preload=
    for runtime in $sanitizers; do
        case $runtime in
        libasan*) san_flags+=,address ;;
        libubsan*) san_flags+=,undefined ;;
        libtsan*) san_flags+=,thread ;;
        esac
        san_preload+=" $($CC -print-file-name="${runtime%%.so*}.so")"
    done
    python=$(python3 -c 'import sys; print(sys.executable)')
    mkdir "$WORK/sanitizers"
    printf '#!/bin/sh\nexec %s -fsanitize=%s -fno-omit-frame-pointer "$@"\n' "$(command -v "$CC")" \
        "${san_flags#,}" >"$WORK/sanitizers/cc"
    printf '#!/bin/sh\nLD_PRELOAD="%s" ASAN_OPTIONS=detect_leaks=0 exec %s "$@"\n' \
        "${san_preload# }" "$python" >"$WORK/sanitizers/python3"
    chmod +x "$WORK/sanitizers/cc" "$WORK/sanitizers/python3"
    export PATH=$WORK/sanitizers:$PATH
fi

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
examples/search.sh --index "$INDEX" '(unbalanced' >/dev/null 2>&1
same "search.sh: a bad query exits 2" $? 2

# ---- examples/search.py ----------------------------------------------------
out=$(examples/search.py "$INDEX" machiavelli)
same "search.py: machiavelli, hit line" "$(head -1 <<<"$out")" \
    "1. Security Guarantees: Options for Ukraine ($BIELOKOLOS:53)"
has "search.py: highlight offsets mark the word" "$(sed -n 2p <<<"$out")" "Niccolò [Machiavelli] observed"
same "search.py: one hit" "$(wc -l <<<"$out")" 2
out=$(examples/search.py "$INDEX" '"black sea fleet"')
has "search.py: a phrase is highlighted as one" "$out" "[black sea fleet]"
examples/search.py "$INDEX" zzyzxqv >/dev/null
same "search.py: no hits exits 1" $? 1
err=$(examples/search.py "$INDEX" '"unclosed' 2>&1 >/dev/null)
same "search.py: a bad query exits 2" $? 2
has "search.py: with the library's message" "$err" "column 1"
err=$(LIBESSAY=$WORK/nowhere/libessay.so examples/search.py "$INDEX" machiavelli 2>&1 >/dev/null)
same "search.py: no library exits 2" $? 2
same "search.py: in one line naming the path tried" "$err" \
    "search.py: cannot load libessay: tried \$LIBESSAY ($WORK/nowhere/libessay.so)"
err=$(env -u LIBESSAY LD_LIBRARY_PATH=$WORK/nowhere examples/search.py "$INDEX" machiavelli 2>&1 >/dev/null)
same "search.py: no library on the linker's path exits 2" $? 2
has "search.py: names the paths looked in" "$err" "in LD_LIBRARY_PATH ($WORK/nowhere)"

# search.py's ctypes structs must lay out as the C compiler lays out essay.h's.
layout_fields() { # STRUCT FIELD...: a C program printing each field's offset, then the size
    local struct=$1 field
    shift
    for field in "$@"; do
        printf 'printf("%s %s %%zu\\n", offsetof(%s, %s));\n' "$struct" "$field" "$struct" "$field"
    done
    printf 'printf("%s size %%zu\\n", sizeof(%s));\n' "$struct" "$struct"
}
{
    echo '#include <essay.h>'
    echo '#include <stddef.h>'
    echo 'int main(void) {'
    layout_fields essay_span start end
    layout_fields essay_search_options limit offset match_any per_essay sort snippet_chars exact_total \
        expand same_paragraph no_correct strict
    layout_fields essay_hit rank score path line paragraph title author date snippet highlights \
        n_highlights text
    echo 'return 0; }'
} >"$WORK/layout.c"
# shellcheck disable=SC2046
ok "the layout program builds" cc -std=c11 -o "$WORK/layout" "$WORK/layout.c" \
    $(pkg-config --cflags libessay)
same "search.py's structs match essay.h" "$(cd examples && python3 -c '
import ctypes, search
for name, cls in (("essay_span", search.Span), ("essay_search_options", search.SearchOptions),
                  ("essay_hit", search.Hit)):
    for field, _ in cls._fields_:
        print(name, field, getattr(cls, field).offset)
    print(name, "size", ctypes.sizeof(cls))')" "$("$WORK/layout")"

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
ok "DESTDIR: the files are under the stage" test -f "$STAGE/usr/lib/libessay.so.0.1.0"
same "DESTDIR: libessay.pc names PREFIX, not the stage" \
    "$(sed -n 's/^prefix=//p' "$STAGE/usr/lib/pkgconfig/libessay.pc")" /usr
ok "make uninstall DESTDIR=stage" make -s --no-print-directory BUILD="$BUILD" PREFIX=/usr \
    DESTDIR="$STAGE" uninstall
same "DESTDIR: uninstall leaves no file" "$(find "$STAGE" ! -type d)" ""

ok "make uninstall PREFIX=tmp" make -s --no-print-directory BUILD="$BUILD" PREFIX="$PREFIX" uninstall
same "uninstall leaves no file" "$(find "$PREFIX" ! -type d)" ""

echo "examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
