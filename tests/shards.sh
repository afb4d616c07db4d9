#!/usr/bin/env bash
# shards.sh -- end-to-end tests of sharded indexes, local and remote.
#
# The same essays (corpus/ plus ~200 made here from corpus/'s words with a
# fixed seed) are indexed as one index, as 2 shards and as 3 shards
# (essay-index --shards N), and as 3 shards built one at a time
# (essay-index --shard K/3, as on three machines) joined by a Xapian stub
# file.  The shards are also served by xapian-tcpsrv on 127.0.0.1 (started
# here on free ports, stopped by PID on exit).  For a set of queries the top
# 20 hits -- path, line and score, read with jq from --json -- must be
# identical whichever way the index is opened: one index, a sharded
# directory, several --index arguments, a stub file, or remote shards; and
# the first 3 and 7 of one index are those of its top 20.
# Then: a server that is down is a clear error (exit 2) or, with --partial,
# a warning and the other shards' hits; updates go to the right shard.
#
# Run from the repository root after `make`: BUILD=build tests/shards.sh
set -u
BUILD=${BUILD:-build}
BUILD=$(cd "$BUILD" && pwd)
INDEXER=$BUILD/essay-index
SEARCHER=$BUILD/essay-search
WORK=$(mktemp -d /tmp/essay-shards.XXXXXX)
SERVERS=()
stop_servers() {
    local pid
    for pid in "${SERVERS[@]}"; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    SERVERS=()
}
trap 'stop_servers; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT   # KEEP=1: keep it to look at
unset ESSAY_INDEX NO_COLOR

. "$(dirname "$0")/assert.sh"

if ! command -v xapian-tcpsrv >/dev/null || ! command -v xapian-delve >/dev/null; then
    echo "shards: xapian-tcpsrv and xapian-delve are needed (Debian package xapian-tools)" >&2
    echo "shards: 0 passed, 1 failed"
    exit 1
fi

# ---- the essays ---------------------------------------------------------------
# corpus/ plus 200 essays of 2-7 paragraphs, their words drawn from the
# corpus's own word stream (so common words stay common), hard-wrapped.
ESSAYS=$WORK/essays
mkdir -p "$ESSAYS/generated"
cp corpus/*.txt "$ESSAYS/"
cat corpus/*.txt | tr -cs "A-Za-z" '\n' | tr 'A-Z' 'a-z' | awk 'length($0) > 1' >"$WORK/words"
awk -v out="$ESSAYS/generated" 'BEGIN { srand(20250901) }
    { w[NR] = $0 }
    function word() { return w[int(rand() * NR) + 1] }
    END {
        for (i = 1; i <= 200; i++) {
            f = sprintf("%s/essay-%03d.txt", out, i)
            printf "---\ntitle: %s %s %s\nauthor: Writer %d\ndate: %d-%02d-%02d\n---\n\n",
                word(), word(), word(), i % 17, 2015 + i % 11, 1 + i % 12, 1 + i % 28 > f
            paragraphs = 2 + int(rand() * 6)
            for (p = 0; p < paragraphs; p++) {
                n = 15 + int(rand() * 90)
                line = ""
                for (k = 0; k < n; k++) {
                    line = line (line == "" ? "" : " ") word()
                    if (length(line) > 70) { print line > f; line = "" }
                }
                if (line != "") print line > f
                print "" > f
            }
            close(f)
        }
    }' "$WORK/words"
equals "200 essays made" "$(ls "$ESSAYS/generated" | wc -l)" 200

# ---- the indexes ----------------------------------------------------------------
ONE=$WORK/one S2=$WORK/s2 S3=$WORK/s3
check "one index" 0 "$INDEXER" --quiet --index "$ONE" "$ESSAYS"
check "2 shards" 0 "$INDEXER" --json --index "$S2" --shards 2 "$ESSAYS"
equals "2 shards: all added" "$(jq -r '[.added, .shards] | join(" ")' <<<"$out")" "205 2"
check "3 shards" 0 "$INDEXER" --quiet --index "$S3" --shards 3 "$ESSAYS"
equals "stub lists the shards" "$(cat "$S3/XAPIANDB")" $'auto shard0\nauto shard1\nauto shard2'
for k in 0 1 2; do   # one shard at a time, as on three machines
    check "--shard $k/3" 0 "$INDEXER" --quiet --index "$WORK/machine$k" --shard "$k/3" "$ESSAYS"
done
printf 'auto machine0\nauto machine1\nauto machine2\n' >"$WORK/stub"

doccount() { xapian-delve "$1" 2>/dev/null | sed -n 's/^number of documents = //p'; }
essays_in() { xapian-delve -1 -A E "$1" 2>/dev/null | grep -c '^E'; }
total=$(doccount "$ONE")
equals "2 shards hold every paragraph" "$(doccount "$S2")" "$total"
equals "3 shards hold every paragraph" "$(doccount "$S3")" "$total"
equals "--shard K/3 hold every paragraph" "$(doccount "$WORK/stub")" "$total"
sum=0
for k in 0 1 2; do sum=$((sum + $(essays_in "$S3/shard$k"))); done
equals "each essay in exactly one of 3 shards" "$sum" 205
for k in 0 1 2; do
    equals "--shard $k/3 is shard $k of --shards 3" \
        "$(xapian-delve -1 -A E "$WORK/machine$k")" "$(xapian-delve -1 -A E "$S3/shard$k")"
done
check "a --shard index keeps to its shard" 0 "$INDEXER" --json --index "$WORK/machine1"
equals "rerun of shard 1/3: nothing added" "$(jq -r '[.added, .unchanged] | join(" ")' <<<"$out")" \
    "0 $(essays_in "$S3/shard1")"

# ---- remote shards --------------------------------------------------------------
# serve DB: start xapian-tcpsrv on a free port; sets $port, adds the PID to SERVERS.
# The server says "Listening..." once it listens (or ends: the port was
# taken meanwhile), read from a FIFO; then a cat drains what else it says.
serve() {
    local db=$1 try pid line out fifo=$WORK/serve.fifo
    for try in 1 2 3 4 5 6 7 8 9 10; do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue   # taken
        rm -f "$fifo"
        mkfifo "$fifo"
        # its own session: on SIGTERM xapian-tcpsrv kills its whole process group
        setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$db" >"$fifo" 2>&1 &
        pid=$!
        exec {out}<"$fifo"
        line=""
        while [ "$line" != "Listening..." ] && read -r -t 60 -u "$out" line; do :; done
        cat <&"$out" >/dev/null &
        exec {out}<&-
        if [ "$line" = "Listening..." ]; then
            SERVERS+=("$pid")
            return 0
        fi
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    echo "cannot start xapian-tcpsrv for $db" >&2
    return 1
}
R2=() R3=()
for k in 0 1; do serve "$S2/shard$k" && R2+=(--index "tcp://127.0.0.1:$port"); done
for k in 0 1 2; do serve "$S3/shard$k" && R3+=(--index "tcp://127.0.0.1:$port"); done

equals "5 shard servers running" "${#SERVERS[@]}" 5

# ---- a passage reprinted, over a server ------------------------------------------
# Listed once however the index is searched: a server of a sharded index is
# one remote database holding several, and each shard keys only the copies
# it holds itself (core/copies.c).
REPRINTS=$WORK/reprints
mkdir -p "$REPRINTS"
passage="The riverbank lay sleeping under the willows while the miller counted his sacks."
printf 'Mills\n\n%s\n' "$passage" >"$REPRINTS/mills.txt"
split=""
for name in a b c d e f g h i j k l; do     # until the two essays are in two shards
    rm -rf "$REPRINTS"/anthology-*.txt "$WORK/reprints2"
    printf 'Rivers\n\nThe river rose.\n\n%s\n' "$passage" >"$REPRINTS/anthology-$name.txt"
    "$INDEXER" --quiet --index "$WORK/reprints2" --shards 2 "$REPRINTS" || break
    if [ "$(essays_in "$WORK/reprints2/shard0")" = 1 ]; then split=yes; break; fi
done
equals "the two reprints in two shards" "$split" yes
serve "$WORK/reprints2"
check "reprints, the sharded index served whole" 0 "$SEARCHER" --json \
    --index "tcp://127.0.0.1:$port" "riverbank sleeping"
equals "served whole: the passage once, its copy counted" \
    "$(jq -r '[(.hits | length), .hits[0].copies] | join(" ")' <<<"$out")" "1 1"
check "reprints, the sharded index" 0 "$SEARCHER" --json --index "$WORK/reprints2" \
    "riverbank sleeping"
equals "sharded: the passage once, its copy counted" \
    "$(jq -r '[(.hits | length), .hits[0].copies] | join(" ")' <<<"$out")" "1 1"

# ---- the same top 20 every way ----------------------------------------------------
# OPTIONS|QUERY
queries=(
    '|security guarantees'
    '|ukraine'
    '|"security guarantee"'
    '|europe OR russia'
    '|war -nuclear'
    '|russia NEAR war'
    '|military aid'
    '|title:security'
    '|author:writer year:2020'
    '--any|peace talks ceasefire'
    '--per-essay 1|security'
)
top() { # top N ARGS...: the top N hits of $query as "path line score" lines
    local n=$1
    shift
    # shellcheck disable=SC2086  # the options are split on purpose
    "$SEARCHER" --json --limit "$n" ${query%%|*} "$@" -- "${query#*|}" 2>"$WORK/top-err" \
        | jq -r '.hits[] | "\(.path) \(.line) \(.score)"'
}
top20() { top 20 "$@"; }
setups=(
    "2 shards (directory)|--index $S2"
    "3 shards (directory)|--index $S3"
    "3 shards (--index each)|--index $S3/shard0 --index $S3/shard1 --index $S3/shard2"
    "--shard K/3 (stub file)|--index $WORK/stub"
    "2 remote shards|${R2[*]}"
    "3 remote shards|${R3[*]}"
    "remote + local shards|${R3[*]:0:4} --index $S3/shard2"
)
# Same hits: the same paths and lines in the same order, and the same scores
# to 12 significant digits.  Most scores are bit for bit the same; a sum of
# many term weights can differ in its last bit, because Xapian adds the
# weights in an order set by each shard's own term statistics; so hits whose
# scores agree to 12 digits may swap places, and are compared as a set.
canonical() { awk '{ printf "%.12g %s %s\n", $3, $1, $2 }' | sort -k1,1gr -k2,3; }
same_hits() { # same_hits NAME WANT GOT
    if [ "$2" == "$3" ]; then
        pass
        exact=$((exact + 1))
    elif [ "$(canonical <<<"$2")" == "$(canonical <<<"$3")" ]; then
        pass
    else
        fail "$1: the hits differ:"
        diff <(echo "$2") <(echo "$3") | head -6 >&2
    fi
}
exact=0 compared=0
for query in "${queries[@]}"; do
    want=$(top20 --index "$ONE")
    # Remote shards bring no essay database: there --per-essay 1 ranks essays
    # by their best paragraph, as one index does without its essay database.
    by_paragraph=$(ESSAY_RANK_ESSAYS=0 top20 --index "$ONE")
    if [ "$(wc -l <<<"$want")" -lt 5 ]; then fail "query '$query' finds too little to compare"; fi
    # A page's hits do not depend on its size (Xapian's own AND_MAYBE lost
    # one for some sizes: core/xapian-c.cc).
    for n in 3 7; do
        same_hits "query '$query', --limit $n against 20" "$(head -$n <<<"$want")" \
            "$(top $n --index "$ONE")"
        compared=$((compared + 1))
    done
    for setup in "${setups[@]}"; do
        ref=$want
        [[ $setup == *tcp://* ]] && ref=$by_paragraph
        # shellcheck disable=SC2086  # the arguments are split on purpose
        same_hits "query '$query', ${setup%%|*}" "$ref" "$(top20 ${setup#*|})"
        compared=$((compared + 1))
    done
done
like="$ESSAYS/kuleba-what-ukraine-needs.txt:17"
check "--like over one index" 0 "$SEARCHER" --json --limit 20 --index "$ONE" --like "$like"
want=$(jq -r '.hits[] | "\(.path) \(.line) \(.score)"' <<<"$out")
for setup in "${setups[@]}"; do
    # shellcheck disable=SC2086
    check "--like, ${setup%%|*}" 0 "$SEARCHER" --json --limit 20 ${setup#*|} --like "$like"
    same_hits "--like, ${setup%%|*}" "$want" "$(jq -r '.hits[] | "\(.path) \(.line) \(.score)"' <<<"$out")"
    compared=$((compared + 1))
done
echo "shards: $exact of $compared lists of hits identical bit for bit, the rest to 12 digits"

# ---- spelling ---------------------------------------------------------------------
check "did you mean, local shards" 1 "$SEARCHER" --no-correct --index "$S3" 'securty guarantes'
contains "local shards suggest" "$err" "did you mean: security guarantees"
check "did you mean, remote shards: no error" 1 "$SEARCHER" "${R3[@]}" 'militery ayd'
contains "remote shards: a clear note" "$err" "remote shards do not share their spelling data"
check "json: no suggestion from remote shards" 1 "$SEARCHER" --json "${R3[@]}" 'militery ayd'
equals "json suggestion is null" "$(jq -r .suggestion <<<"$out")" null
# the words of file names they do share: a query that found nothing is corrected into them
check "remote shards: a correction into file names' words" 0 "$SEARCHER" --json "${R3[@]}" 'securty guarantes'
equals "searched corrected" "$(jq -r .corrected <<<"$out")" "security guarantees"

# ---- a server that is down ------------------------------------------------------------
down=${R3[3]}   # tcp://... of shard 1
kill "${SERVERS[3]}"
wait "${SERVERS[3]}" 2>/dev/null
check "a shard server down: exit 2" 2 "$SEARCHER" "${R3[@]}" ukraine
contains "the error names the shard" "$err" "cannot reach shard $down"
check "--partial: results from the others" 0 "$SEARCHER" --partial --json "${R3[@]}" ukraine
contains "--partial warns" "$err" "warning: cannot reach shard $down"
equals "--partial: no hit from the missing shard" \
    "$(jq -r '.hits[].path' <<<"$out" | while read -r p; do
        xapian-delve -t "P$p" "$S3/shard1" 2>/dev/null | grep -c 'Posting List'
      done | sort -u)" "0"
check "every shard down: exit 2" 2 "$SEARCHER" --partial --index "$down" ukraine
contains "nothing left to search" "$err" "no shard is left to search"
check "a bad address" 2 "$SEARCHER" --index tcp://127.0.0.1: ukraine
contains "bad address named" "$err" "bad shard address 'tcp://127.0.0.1:'"
stop_servers

# ---- mismatches ----------------------------------------------------------------------
check "another shard count is refused" 2 "$INDEXER" --index "$S3" --shards 2
contains "it says why" "$err" "has 3 shards, not 2"
check "a plain index cannot become sharded" 2 "$INDEXER" --index "$ONE" --shards 2 "$ESSAYS"
check "--shard K/N into a sharded directory is refused" 2 "$INDEXER" --index "$S3" --shard 1/3
check "a --shard index refuses another shard" 2 "$INDEXER" --index "$WORK/machine1" --shard 2/3
contains "it names both" "$err" "is shard 1/3, not 2/3"
"$INDEXER" --quiet --index "$WORK/french" --language french corpus/
check "shards of different languages" 2 "$SEARCHER" --index "$ONE" --index "$WORK/french" ukraine
contains "language mismatch named" "$err" "different languages"

check "--rebuild a sharded index" 0 "$INDEXER" --json --index "$S2" --rebuild
equals "rebuild: every essay again" "$(jq -r '[.added, .shards] | join(" ")' <<<"$out")" "205 2"
check "after the rebuild: nothing to do" 0 "$INDEXER" --json --index "$S2"
equals "the rebuilt shards keep to their essays" "$(jq -r '[.added, .unchanged] | join(" ")' <<<"$out")" \
    "0 205"

# ---- updates go to the right shard ---------------------------------------------------------
# modify one essay, add one, remove one; then update each index the same way
paragraphs=() counts=()
printf '\nZanzibarian quokkas paragraph, added by the update test.\n' \
    >>"$ESSAYS/generated/essay-007.txt"
cp "$ESSAYS/generated/essay-010.txt" "$ESSAYS/generated/essay-new.txt"
rm "$ESSAYS/generated/essay-020.txt"
for ix in "$ONE" "$S2" "$S3"; do
    check "update $(basename "$ix")" 0 "$INDEXER" --json --index "$ix"
    equals "update $(basename "$ix"): one each" \
        "$(jq -r '[.added, .updated, .removed] | join(" ")' <<<"$out")" "1 1 1"
    paragraphs[${#paragraphs[@]}]=$(jq -r .paragraphs <<<"$out")
    counts[${#counts[@]}]=$(doccount "$ix")
    check "update $(basename "$ix") visible" 0 "$SEARCHER" --index "$ix" --paths quokkas
    contains "the changed essay is found" "$out" "essay-007.txt"
done
equals "paragraphs re-indexed: same in 2 shards" "${paragraphs[1]}" "${paragraphs[0]}"
equals "paragraphs re-indexed: same in 3 shards" "${paragraphs[2]}" "${paragraphs[0]}"
equals "paragraph count after update: 2 shards" "${counts[1]}" "${counts[0]}"
equals "paragraph count after update: 3 shards" "${counts[2]}" "${counts[0]}"
sum=0
for k in 0 1 2; do sum=$((sum + $(essays_in "$S3/shard$k"))); done
equals "each essay still in exactly one shard" "$sum" 205
query='|quokkas OR security'
equals "after the update: same top 20" "$(top20 --index "$S3")" "$(top20 --index "$ONE")"
check "a dry run of --forget in every shard" 0 "$INDEXER" -v --dry-run --index "$S3" --forget "$ESSAYS"
equals "names every essay that would go, once" "$(grep -c '^would be removed ' <<<"$err")" 205
equals "and removes none" "$(doccount "$S3")" "$(doccount "$ONE")"
check "--forget in every shard" 0 "$INDEXER" --json --index "$S3" --forget "$ESSAYS"
equals "forget removes every essay" "$(jq -r .removed <<<"$out")" 205
equals "the shards are empty" "$(doccount "$S3")" 0

# A shard missing a file of its database is the sharded index's damage: the
# searcher, an update, --status and --list name the sharded index, the
# shard and the file, and give the rebuild of the whole; the rebuild mends it.
DMG=$WORK/damaged
check "a sharded index to damage" 0 "$INDEXER" -q --index "$DMG" --shards 2 corpus/
rm "$DMG/shard1/termlist.glass"
said="index '$DMG' is damaged (its shard shard1's file termlist.glass is missing): rebuild it from the essays with: essay-index --rebuild --index $DMG DIR"
check "search a sharded index with a shard damaged" 2 "$SEARCHER" --index "$DMG" security
equals "says the sharded index is damaged" "$err" "essay-search: $said"
check "update it" 2 "$INDEXER" --index "$DMG"
equals "the update says the same" "$err" "essay-index: $said"
check "its status" 2 "$INDEXER" --index "$DMG" --status
equals "the status says the same" "$err" "essay-index: $said"
check "its list" 2 "$INDEXER" --index "$DMG" --list
equals "the list says the same" "$err" "essay-index: $said"
check "the rebuild it gives" 0 "$INDEXER" -q --rebuild --index "$DMG" corpus/
check "mends it" 0 "$SEARCHER" --index "$DMG" --count security

# A damaged shard named on its own is told to rebuild the sharded index: a
# shard that lost its version file no longer knows which shard it was, and
# rebuilt alone would take every essay, which the other shards hold too.
check "count the sharded index's essays" 0 "$SEARCHER" --index "$DMG" --paths --limit 1000 the
sound_paths=$(sort <<<"$out")
rm "$DMG/shard1/iamglass"
said="index '$DMG/shard1' is damaged (its file iamglass is missing), a shard of the sharded index '$DMG': rebuild that from the essays with: essay-index --rebuild --index $DMG DIR"
check "search the damaged shard alone" 2 "$SEARCHER" --index "$DMG/shard1" security
equals "names the sharded index's rebuild" "$err" "essay-search: $said"
check "update the damaged shard alone" 2 "$INDEXER" --index "$DMG/shard1"
equals "the update says the same" "$err" "essay-index: $said"
check "rebuild the damaged shard alone" 2 "$INDEXER" -q --rebuild --index "$DMG/shard1" corpus/
equals "is refused, naming the sharded index's rebuild" "$err" "essay-index: index '$DMG/shard1' is a shard of the sharded index '$DMG', and which shard it is cannot be read from it: rebuild the sharded index with: essay-index --rebuild --index $DMG DIR; the index is as it was"
check "the rebuild it gives" 0 "$INDEXER" -q --rebuild --index "$DMG" corpus/
check "mends it" 0 "$SEARCHER" --index "$DMG" --paths --limit 1000 the
equals "every essay once" "$(sort <<<"$out")" "$sound_paths"
check "a sound shard rebuilt alone" 0 "$INDEXER" -q --rebuild --index "$DMG/shard1" corpus/
check "keeps to its share" 0 "$SEARCHER" --index "$DMG" --paths --limit 1000 the
equals "every essay once still" "$(sort <<<"$out")" "$sound_paths"

# Two indexes of one folder, made before and after an essay changed, are
# searched as one: both hold the same path, so its paragraphs' unique terms
# (Q<essay id>:<paragraph>), and the quote found first in one must not leave
# out the changed paragraph of the other, which holds its words apart.
TWICE=$WORK/twice
mkdir -p "$TWICE/f"
printf 'Walden\n\nWe went to the woods because we wished to live deliberately.\n' >"$TWICE/f/a.txt"
check "index an essay" 0 "$INDEXER" -q --index "$TWICE/before" "$TWICE/f"
printf 'Walden\n\nDeliberately, we wished to go on, and to live in the woods.\n' >"$TWICE/f/a.txt"
check "index it changed into another index" 0 "$INDEXER" -q --index "$TWICE/after" "$TWICE/f"
for pages in "-n 10" "-n 1 --page 2"; do
    check "search both for a quote ($pages)" 0 "$SEARCHER" --index "$TWICE/before" \
        --index "$TWICE/after" --json $pages 'we wished to live deliberately'
    equals "the quote, then the changed paragraph ($pages)" \
        "$(jq -r '[.total, (.hits | map(.text | ltrimstr("Walden\n") | .[0:6]) | join("|"))]
                  | join(" ")' <<<"$out")" \
        "$([ "$pages" = "-n 10" ] && echo "2 We wen|Delibe" || echo "2 Delibe")"
done

echo "shards: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
