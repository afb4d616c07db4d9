#!/usr/bin/env bash
# e2e.sh -- end-to-end tests: run essay-index and essay-search as a user
# would, on corpus/ and on small essays made here, and check what they print
# and how they exit.  JSON is checked with jq, a real parser.
#
# Run from the repository root after `make`: BUILD=build tests/e2e.sh
set -u
BUILD=${BUILD:-build}
BUILD=$(cd "$BUILD" && pwd)
INDEXER=$BUILD/essay-index
SEARCHER=$BUILD/essay-search
WORK=$(mktemp -d /tmp/essay-e2e.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export ESSAY_INDEX=$WORK/index
unset NO_COLOR

. "$(dirname "$0")/assert.sh"

# ---- building the index from corpus/ -------------------------------------
check "index corpus" 0 "$INDEXER" corpus/
contains "summary counts the essays" "$err" "5 added"
# progress on a terminal (script(1) gives the indexer one), none when piped
progress=$(script -qec "'$INDEXER' --index '$WORK/tty-index' corpus/" /dev/null | tr '\r' '\n')
contains "progress counts essays against the total" "$progress" "5/5 essays"
contains "progress gives an ETA while work is left" "$progress" "s to go"
lacks "no progress when stderr is not a terminal" "$err" "essays,"
check "re-run changes nothing" 0 "$INDEXER"
contains "re-run: all unchanged" "$err" "5 unchanged"

# ---- searching -------------------------------------------------------------
check "search finds" 0 "$SEARCHER" security guarantees
contains "hit shows path:line" "$out" "corpus/"
contains "hit shows a title" "$out" "Security Guarantees"
lacks "piped output has no colour" "$out" $'\033'
check "colour when asked" 0 "$SEARCHER" --color=always security
contains "colour codes present" "$out" $'\033['
check "NO_COLOR does not override --color=always" 0 env NO_COLOR=1 "$SEARCHER" --color=always security
contains "always means always" "$out" $'\033['
check "limit" 0 "$SEARCHER" --limit 2 --jsonl ukraine
equals "--limit 2 gives two hits" "$(printf '%s\n' "$out" | wc -l)" 2

check "json" 0 "$SEARCHER" --json 'security guarantees'
echo "$out" >"$WORK/json"
equals "json parses" "$(jq -r '.query' "$WORK/json")" "security guarantees"
equals "json hit has every field" \
    "$(jq -r '.hits[0] | [has("rank","score","path","line","paragraph","title","author","date","snippet","highlights","text")] | all' "$WORK/json")" true
equals "ranks count from 1" "$(jq -r '.hits[0].rank' "$WORK/json")" 1
equals "suggestion is null when hits abound" "$(jq -r '.suggestion' "$WORK/json")" null
# every highlight covers 'security' or 'guarantee...' in the snippet, by bytes
bad=0
while IFS=$'\t' read -r start end snippet_file; do
    word=$(head -c "$end" "$snippet_file" | tail -c +"$((start + 1))")
    # the stems are secur and guarante: "secure" matches "security" too
    case "${word,,}" in secur*|guarantee*) ;; *) bad=1; echo "bad span [$start,$end): '$word'" >&2 ;; esac
done < <(for i in $(jq -r '.hits | keys[]' "$WORK/json"); do
    jq -j ".hits[$i].snippet" "$WORK/json" >"$WORK/snippet$i"
    jq -r ".hits[$i].highlights[] | \"\(.[0])\t\(.[1])\t$WORK/snippet$i\"" "$WORK/json"
done)
equals "highlight offsets are exact bytes" "$bad" 0

check "jsonl" 0 "$SEARCHER" --jsonl 'ukraine'
equals "every jsonl line parses" "$(printf '%s\n' "$out" | jq -c . >/dev/null 2>&1 && echo ok)" ok

check "phrase matches inflections" 0 "$SEARCHER" --json '"security guarantee"'
contains "phrase found 'security guarantees'" "$out" "security guarantees"
check "no hits exits 1" 1 "$SEARCHER" zzyzzyva
check "bad query exits 2" 2 "$SEARCHER" '"unbalanced'
contains "bad query names the column" "$err" "column"
# --any reads a question's stray quotes, parentheses and colons as words
check "--any: a stray quote, '(' and colon are words" 0 "$SEARCHER" --any --json \
    'what of "security (guarantees: for Ukraine'
contains "--any: the words after the stray quote are searched" "$out" "ecurity guarantees"
check "did you mean" 1 "$SEARCHER" machiaveli
contains "suggestion on stderr" "$err" "machiavelli"
check "count" 0 "$SEARCHER" --count machiavelli
equals "count of machiavelli paragraphs" "$out" 1
check "paths" 0 "$SEARCHER" --paths security
equals "paths are unique" "$(printf '%s\n' "$out" | sort | uniq -d)" ""

check "like" 0 "$SEARCHER" --jsonl --like corpus/kuleba-what-ukraine-needs.txt:17
lacks "like leaves the paragraph itself out" "$(echo "$out" | jq -r '"\(.path):\(.line)"')" "kuleba-what-ukraine-needs.txt:17"
contains "like finds paragraphs on the same subject" "$(echo "$out" | jq -r '.text' | tr 'A-Z' 'a-z')" "guarantee"
check "like with a bad argument" 2 "$SEARCHER" --like corpus/kuleba-what-ukraine-needs.txt
check "like on a line not indexed" 2 "$SEARCHER" --like /nonexistent.txt:3
check "per-essay" 0 "$SEARCHER" --jsonl --per-essay 1 --limit 50 ukraine
equals "one hit per essay" "$(echo "$out" | jq -r .path | sort | uniq -d)" ""
equals "per-essay: an essay database beside the paragraphs" "$(test -f "$ESSAY_INDEX/essays/iamglass" && echo yes)" yes
for query in 'security guarantees' '"security guarantee"' 'nato -russia' 'title:ukraine europe'; do
    for mode in "" --any; do
        check "per-essay by essay: $mode $query" 0 "$SEARCHER" --jsonl $mode --per-essay 1 --limit 50 "$query"
        by_essay=$out
        equals "per-essay by essay: scores descend ($mode $query)" \
            "$(jq -r .score <<<"$by_essay" | sort -c -g -r && echo sorted)" sorted
        ESSAY_RANK_ESSAYS=0 check "per-essay by paragraph: $mode $query" 0 "$SEARCHER" --jsonl $mode \
            --per-essay 1 --limit 50 "$query"
        equals "per-essay: the same essays by essay as by paragraph ($mode $query)" \
            "$(jq -r .path <<<"$by_essay" | sort)" "$(jq -r .path <<<"$out" | sort)"
        equals "per-essay: the same paragraphs shown ($mode $query)" \
            "$(jq -r '"\(.path):\(.line)"' <<<"$by_essay" | sort)" "$(jq -r '"\(.path):\(.line)"' <<<"$out" | sort)"
    done
done
check "offset" 0 "$SEARCHER" --jsonl --offset 2 --limit 1 ukraine
equals "offset shifts ranks" "$(echo "$out" | jq -r .rank)" 3
check "sort by date" 0 "$SEARCHER" --jsonl --sort date --limit 100 ukraine
equals "dates descend" "$(echo "$out" | jq -r '.date // empty' | sort -c -r && echo sorted)" sorted
check "author filter" 0 "$SEARCHER" --paths 'author:kuleba ukraine'
equals "author filter keeps one essay" "$(echo "$out" | sed 's|.*/||')" kuleba-what-ukraine-needs.txt
check "year filter" 0 "$SEARCHER" --paths 'year:2025 security'
lacks "essays without a date are filtered out" "$out" musiienko
check "NOT" 0 "$SEARCHER" --jsonl --limit 100 'security -ukraine'
lacks "NOT excludes" "$(echo "$out" | jq -r .text | tr 'A-Z' 'a-z')" "ukraine"
# everyday keyword queries keep their expected first hit, in both modes, and
# with pseudo-relevance feedback
while IFS=$'\t' read -r query expected; do
    case "$query" in '#'*|'') continue ;; esac
    for mode in "" --any "--any --expand"; do
        top=$("$SEARCHER" $mode --paths --limit 1 "$query" | sed 's|.*/||')
        equals "first hit for '$query' ${mode:-(all words)}" "$top" "$expected"
    done
done <tests/keyword-queries.tsv
# pseudo-relevance feedback: the default for --any questions of four words or
# more besides stop words, not for keywords nor for all-words queries
scores() { "$SEARCHER" --jsonl --per-essay 1 "$@" | jq -r '"\(.path) \(.score)"'; }
question='which security guarantees could protect ukraine against russia'
equals "an --any question gets feedback" "$(scores --any "$question")" \
    "$(scores --any --expand "$question")"
equals "feedback changes the scores" \
    "$([ "$(scores --any "$question")" != "$(scores --any --no-expand "$question")" ] && echo yes)" yes
equals "--any keywords get none" "$(scores --any security guarantees)" \
    "$(scores --any --no-expand security guarantees)"
equals "an all-words question gets none" "$(scores "ukraine security guarantees europe")" \
    "$(scores --no-expand "ukraine security guarantees europe")"

check "missing index exits 2" 2 "$SEARCHER" --index "$WORK/nothing" security
contains "missing index says how to build one" "$err" "essay-index"
check "no query exits 2" 2 "$SEARCHER"

# ---- updates: add, change, touch, remove ----------------------------------
mkdir -p "$WORK/essays/sub" "$WORK/essays/.hidden"
export ESSAY_INDEX=$WORK/index2
printf -- '---\ntitle: Notes on Türkiye\nauthor: A. Writer\ndate: 2024-05-01\n---\n\nThe européen values-based order of Türkiye.\n\nA second paragraph about Ukraine’s so-\ncalled neutrality.\n' >"$WORK/essays/one.txt"
printf 'Plain title\n\nSomething about gardens.\n' >"$WORK/essays/sub/two.md"
printf 'hidden essay about gardens\n' >"$WORK/essays/.hidden/three.txt"
printf 'editor backup about gardens\n' >"$WORK/essays/one.txt~"
check "index a directory" 0 "$INDEXER" "$WORK/essays"
contains "two essays added, hidden and backup skipped" "$err" "2 added"
check "accent folding" 0 "$SEARCHER" turkiye europeen
check "curly apostrophe = straight" 0 "$SEARCHER" "ukraine's"
check "hyphenated part" 0 "$SEARCHER" based
check "hyphenated whole" 0 "$SEARCHER" values-based
check "hard-wrapped word joined" 0 "$SEARCHER" so-called
check "hidden file not indexed" 1 "$SEARCHER" hidden
printf 'Plain title\n\nSomething about orchards now.\n' >"$WORK/essays/sub/two.md"
check "update after a change" 0 "$INDEXER"
contains "one updated" "$err" "1 updated"
check "changed text found" 0 "$SEARCHER" orchards
check "old text gone" 1 "$SEARCHER" gardens
touch -d '2001-01-01' "$WORK/essays/one.txt"
check "touch" 0 "$INDEXER"
contains "touch does not re-index" "$err" "0 updated"
contains "a touched essay counts as unchanged" "$err" "2 unchanged"
check "did you mean a word of an essay" 1 "$SEARCHER" orchardz
contains "it is suggested" "$err" "orchards"
rm "$WORK/essays/sub/two.md"
check "removal" 0 "$INDEXER"
contains "one removed" "$err" "1 removed"
check "removed essay not found" 1 "$SEARCHER" orchards
check "did you mean after the removal" 1 "$SEARCHER" orchardz
lacks "a removed essay's words are not suggested" "$err" "orchards"
check "dry run" 0 "$INDEXER" --dry-run --json
equals "dry run json" "$(echo "$out" | jq -r '.unchanged')" 1
before=$("$SEARCHER" --count turkiye)
check "rebuild" 0 "$INDEXER" --rebuild
equals "rebuild keeps the essays" "$("$SEARCHER" --count turkiye)" "$before"
equals "rebuild leaves nothing beside the index" "$(ls -d "$ESSAY_INDEX".* 2>/dev/null)" ""
equals "rebuild keeps an essay database" "$(test -f "$ESSAY_INDEX/essays/iamglass" && echo yes)" yes

# ---- a new index built by several processes -------------------------------
# --jobs 2 splits even a small corpus between two processes and merges their
# parts; the index must be the one --jobs 1 builds: same essays, paragraphs,
# scores, order, spelling data, and updatable afterwards.
check "build with two processes" 0 "$INDEXER" --json --jobs 2 --index "$WORK/jobs2" corpus/ "$WORK/essays"
echo "$out" >"$WORK/summary-jobs2.json"
check "build with one process" 0 "$INDEXER" --json --jobs 1 --index "$WORK/jobs1" corpus/ "$WORK/essays"
equals "same summary" "$(jq -c 'del(.seconds)' "$WORK/summary-jobs2.json")" "$(echo "$out" | jq -c 'del(.seconds)')"
equals "nothing left beside the index" "$(ls -d "$WORK"/jobs2.* 2>/dev/null)" ""
for q in security 'ukraine OR turkiye' '"security guarantees"' 'guarant*' 'title:ukraine'; do
    equals "same hits for $q" \
        "$("$SEARCHER" --index "$WORK/jobs2" --jsonl --limit 50 -- "$q" | jq -c '[.path, .line, .score]')" \
        "$("$SEARCHER" --index "$WORK/jobs1" --jsonl --limit 50 -- "$q" | jq -c '[.path, .line, .score]')"
done
equals "same essays ranked by essay" \
    "$("$SEARCHER" --index "$WORK/jobs2" --jsonl --any --per-essay 1 -- 'security europe' | jq -c '[.path, .line, .score]')" \
    "$("$SEARCHER" --index "$WORK/jobs1" --jsonl --any --per-essay 1 -- 'security europe' | jq -c '[.path, .line, .score]')"
check "spelling data of every part" 1 "$SEARCHER" --index "$WORK/jobs2" --json orchardz
equals "suggests from the merged spelling data" "$(echo "$out" | jq -r .suggestion)" \
    "$("$SEARCHER" --index "$WORK/jobs1" --json orchardz | jq -r .suggestion)"
check "the merged index updates" 0 "$INDEXER" --json --index "$WORK/jobs2"
equals "it is up to date" "$(echo "$out" | jq -r '.added + .updated + .removed')" 0
check "the merged index remembers its paths" 0 "$INDEXER" --dry-run --json --index "$WORK/jobs2"
equals "every essay unchanged" "$(echo "$out" | jq -r .unchanged)" "$(jq -r .added "$WORK/summary-jobs2.json")"
check "--jobs 0 is refused" 2 "$INDEXER" --jobs 0 --index "$WORK/jobs0" corpus/
contains "says what --jobs wants" "$err" "--jobs wants a number from 1 to 16"
mkdir -p "$WORK/userdir" && echo precious >"$WORK/userdir/notes.txt"
check "a directory of other files is not made an index" 2 "$INDEXER" --index "$WORK/userdir" corpus/
contains "says why" "$err" "holds files that are not an index"
check "nor rebuilt over" 2 "$INDEXER" --rebuild --index "$WORK/userdir" corpus/
equals "its files are untouched" "$(ls "$WORK/userdir"; cat "$WORK/userdir/notes.txt")" $'notes.txt\nprecious'
mkdir -p "$WORK/emptydir"
check "an empty directory becomes the index" 0 "$INDEXER" --index "$WORK/emptydir" corpus/
check "a rebuild with two processes" 0 "$INDEXER" --rebuild --jobs 2 --index "$WORK/jobs1"
equals "the rebuild finds the same" "$("$SEARCHER" --index "$WORK/jobs1" --count security)" \
    "$("$SEARCHER" --index "$WORK/jobs2" --count security)"

# ---- recent additions: the delta ---------------------------------------------
# An update that only adds essays writes them to INDEX/delta, searched with
# the main database; an update that changes the main database, or
# --no-delta, folds the delta in.  Either way a reader sees what a clean
# build of the same essays shows.
check "a new index" 0 "$INDEXER" -q --index "$WORK/delta" corpus/
printf 'Airships\n\nThe zeppelin crossed the harbour at dawn.\n' >"$WORK/airships.txt"
check "add one essay" 0 "$INDEXER" --json --index "$WORK/delta" "$WORK/airships.txt"
equals "it is added" "$(echo "$out" | jq -r .added)" 1
equals "into the delta" "$(test -f "$WORK/delta/delta/iamglass" && echo yes)" yes
check "a clean build of the same essays" 0 "$INDEXER" -q --index "$WORK/delta-clean" corpus/ "$WORK/airships.txt"
same_as_clean() { # same_as_clean NAME: the hits of a few queries equal the clean build's
    for q in zeppelin security 'ukraine OR harbour' '"security guarantees"'; do
        equals "$1: same hits for $q" \
            "$("$SEARCHER" --index "$WORK/delta" --jsonl --limit 50 -- "$q" | jq -c '[.path, .line, .score]')" \
            "$("$SEARCHER" --index "$WORK/delta-clean" --jsonl --limit 50 -- "$q" | jq -c '[.path, .line, .score]')"
    done
    equals "$1: same essays ranked by essay" \
        "$("$SEARCHER" --index "$WORK/delta" --jsonl --any --per-essay 1 -- 'zeppelin security' | jq -c '[.path, .score]')" \
        "$("$SEARCHER" --index "$WORK/delta-clean" --jsonl --any --per-essay 1 -- 'zeppelin security' | jq -c '[.path, .score]')"
}
same_as_clean "with the delta"
check "did you mean a word of the delta" 1 "$SEARCHER" --index "$WORK/delta" zepelin
contains "it is suggested" "$err" "zeppelin"
check "the delta is remembered as a corpus path" 0 "$INDEXER" --dry-run --json --index "$WORK/delta"
equals "nothing to do" "$(echo "$out" | jq -r '.added + .updated + .removed')" 0
check "--no-delta folds it in" 0 "$INDEXER" -q --no-delta --index "$WORK/delta"
equals "the delta is gone" "$(ls "$WORK/delta" | grep -c '^delta$')" 0
same_as_clean "folded"
printf 'Airships\n\nThe zeppelin crossed the harbour at noon.\n' >"$WORK/airships.txt"
check "a change to the main database" 0 "$INDEXER" -q --index "$WORK/delta"
check "the clean build changes too" 0 "$INDEXER" -q --index "$WORK/delta-clean"
same_as_clean "after a change"
grep -q -- '--no-delta' <("$INDEXER" --help) && pass || fail "--help names --no-delta"

# ---- bad input --------------------------------------------------------------
printf 'caf\xe9 au lait\n' >"$WORK/essays/latin1.txt"
printf 'binary\0data\n' >"$WORK/essays/binary.txt"
printf 'good new essay about lighthouses\n' >"$WORK/essays/good.txt"
check "bad files are skipped, exit 1" 1 "$INDEXER" --json
contains "not UTF-8 names the byte" "$out" "not UTF-8 at byte 3"
contains "NUL byte is binary" "$out" "binary"
check "good file still indexed" 0 "$SEARCHER" lighthouses
check "earlier essays kept" 0 "$SEARCHER" turkiye
check "nonexistent directory" 1 "$INDEXER" "$WORK/does-not-exist"
contains "names the directory" "$err" "does-not-exist"
mkdir -p "$WORK/links" && ln -s "$WORK/nowhere" "$WORK/links/broken.txt"
check "a broken symlink is skipped" 1 "$INDEXER" --index "$WORK/links-index" --json "$WORK/links"
equals "its error names the path alone" "$(echo "$out" | jq -r '.errors[0].path')" "$WORK/links/broken.txt"
contains "and says why" "$(echo "$out" | jq -r '.errors[0].message')" "No such file"
printf 'x' >"$WORK/not-a-dir"
check "index path that is a file" 2 "$INDEXER" --index "$WORK/not-a-dir" "$WORK/essays"
contains "says so" "$err" "not a directory"

# ---- forgetting corpus paths ------------------------------------------------
# Roots that cover each other: a directory, one inside it, a file inside it.
# --forget drops only the essays no remaining root covers.
F=$WORK/forget-index
mkdir -p "$WORK/c/sub"
printf 'Top\n\nAn essay on kestrels.\n' >"$WORK/c/top.txt"
printf 'Deep\n\nAn essay on ospreys.\n' >"$WORK/c/sub/deep.txt"
printf 'Lone\n\nAn essay on puffins.\n' >"$WORK/c/lone.txt"
check "index nested roots" 0 "$INDEXER" --index "$F" "$WORK/c" "$WORK/c/sub" "$WORK/c/lone.txt"
contains "each essay once" "$err" "3 added"
check "forget the inner directory" 0 "$INDEXER" --index "$F" --json --forget "$WORK/c/sub"
equals "the outer directory keeps its essays" "$(jq -r .removed <<<"$out")" 0
check "forget the file inside a directory" 0 "$INDEXER" --index "$F" --json --forget "$WORK/c/lone.txt"
equals "the directory keeps it" "$(jq -r .removed <<<"$out")" 0
check "the covered essays are still found" 0 "$SEARCHER" --index "$F" --count 'ospreys OR puffins'
equals "both of them" "$out" 2
check "forget it twice" 2 "$INDEXER" --index "$F" --forget "$WORK/c/lone.txt"
contains "not recorded any more" "$err" "not a recorded corpus path"
check "remember the inner directory again" 0 "$INDEXER" --index "$F" "$WORK/c/sub"
check "a dry run of forgetting" 0 "$INDEXER" --index "$F" --dry-run -v --forget "$WORK/c"
contains "names each essay that would go" "$err" "would be removed $WORK/c/top.txt"
contains "the file root's too" "$err" "would be removed $WORK/c/lone.txt"
lacks "not the covered one" "$err" "deep.txt"
check "and removes nothing" 0 "$SEARCHER" --index "$F" kestrels
check "forgetting, verbosely" 0 cp -a "$F" "$WORK/forget-verbose"
check "lists the essays removed" 0 "$INDEXER" --index "$WORK/forget-verbose" -v --forget "$WORK/c"
contains "by their paths" "$err" "removed $WORK/c/top.txt"
check "forget the outer directory" 0 "$INDEXER" --index "$F" --json --forget "$WORK/c"
equals "its own essays go" "$(jq -r .removed <<<"$out")" 2
check "kestrels gone" 1 "$SEARCHER" --index "$F" kestrels
check "puffins gone" 1 "$SEARCHER" --index "$F" puffins
check "the inner directory's essay stays" 0 "$SEARCHER" --index "$F" ospreys
check "the next update keeps it" 0 "$INDEXER" --index "$F" --json
equals "nothing removed" "$(jq -r '[.removed, .unchanged] | join(" ")' <<<"$out")" "0 1"
rm -r "$WORK/c/sub"
check "forget a deleted directory by a relative name" 0 \
    sh -c "cd '$WORK' && '$INDEXER' --index '$F' --json --forget ./c/sub/"
equals "its essay goes" "$(jq -r .removed <<<"$out")" 1
check "ospreys gone" 1 "$SEARCHER" --index "$F" ospreys
# A file root inside a directory root, then deleted: the directory's sweep
# removes its essay, and the path is forgotten, not reported every time.
mkdir -p "$WORK/d"
printf 'Inner\n\nAn essay on gannets.\n' >"$WORK/d/inner.txt"
check "a directory and a file in it" 0 "$INDEXER" --index "$WORK/nested-index" "$WORK/d" "$WORK/d/inner.txt"
rm "$WORK/d/inner.txt"
check "the file deleted" 0 "$INDEXER" --index "$WORK/nested-index" --json
equals "its essay is removed once, no error" "$(jq -r '[.removed, (.errors | length)] | join(" ")' <<<"$out")" "1 0"
check "the next update" 0 "$INDEXER" --index "$WORK/nested-index" --json
equals "reports nothing gone" "$(jq -r '[.removed, (.errors | length)] | join(" ")' <<<"$out")" "0 0"
check "the file is no longer a corpus path" 2 "$INDEXER" --index "$WORK/nested-index" --forget "$WORK/d/inner.txt"
contains "says so" "$err" "not a recorded corpus path"
rm -r "$WORK/d"
check "a gone directory is still reported" 1 "$INDEXER" --index "$WORK/nested-index"
contains "by its name" "$err" "$WORK/d"

# ---- terminal safety ---------------------------------------------------------
printf 'Evil\n\nA \033]0;pwned\007 title and \033[31mred\033[0m text with a\rreturn.\n' \
    >"$WORK/essays/evil.txt"
"$INDEXER" >/dev/null 2>&1
check "evil essay found" 0 "$SEARCHER" --color=never pwned
lacks "no raw ESC in text output" "$out" $'\033'
lacks "no raw BEL in text output" "$out" $'\007'
lacks "no raw CR in text output" "$out" $'\r'
check "evil essay as json" 0 "$SEARCHER" --json pwned
lacks "no raw ESC in json" "$out" $'\033'

# ---- batch -----------------------------------------------------------------
check "batch" 0 sh -c "printf 'lighthouses\nzzyzzyva\n' | '$SEARCHER' --batch"
equals "one line per query" "$(printf '%s\n' "$out" | wc -l)" 2
equals "batch lines parse" "$(printf '%s\n' "$out" | jq -r '.total' | head -1)" 1

# ---- linking (README "Layout and dependencies") ------------------------------
for program in "$INDEXER" "$SEARCHER"; do
    check "$(basename "$program"): its dynamic section" 0 readelf -d "$program"
    contains "$(basename "$program") loads libxapian" "$out" "libxapian.so"
    for lib in libstemmer libutf8proc libjansson; do
        lacks "$(basename "$program") has $lib linked in" "$out" "$lib.so"
    done
done

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
