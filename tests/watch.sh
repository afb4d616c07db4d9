#!/usr/bin/env bash
# watch.sh -- end-to-end tests of essay-index --watch: started in the
# background on a corpus made here, it must take in an essay written, one
# edited in place, one saved by writing a temporary file and renaming it
# over the essay, one moved, one removed, a directory made with an essay in
# it, one moved in, one removed; after each change the search is asked
# again and again (for up to $SETTLE seconds, never a fixed sleep) until it
# shows the change.  Its output: one JSON line an update with --json, one
# line for people without.  Then SIGTERM in the middle of a burst of writes:
# the watcher ends after the update under way, of the signal (exit status
# 143), and an essay-index run afterwards gives the answers of a clean build
# of the same essays.
#
# Run from the repository root after `make`: BUILD=build tests/watch.sh
set -u
BUILD=${BUILD:-build}
BUILD=$(cd "$BUILD" && pwd)
INDEXER=$BUILD/essay-index
SEARCHER=$BUILD/essay-search
WORK=$(mktemp -d /tmp/essay-watch.XXXXXX)
SETTLE=${SETTLE:-20}
WATCHER=
stop_watcher() {
    [ -n "$WATCHER" ] && kill "$WATCHER" 2>/dev/null && wait "$WATCHER" 2>/dev/null
    WATCHER=
}
trap 'stop_watcher; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT   # KEEP=1: keep it to look at
unset ESSAY_INDEX NO_COLOR

. "$(dirname "$0")/assert.sh"

IX=$WORK/index
ESSAYS=$WORK/essays
mkdir -p "$ESSAYS"
cp corpus/*.txt "$ESSAYS/"

# settle NAME COMMAND...: pass when COMMAND succeeds within $SETTLE seconds,
# asking again every tenth of a second.
settle() {
    local name=$1 end=$((SECONDS + SETTLE))
    shift
    until "$@" >/dev/null 2>&1; do
        if [ "$SECONDS" -ge "$end" ]; then
            # what the watcher said last: which updates ran, and what they took in
            fail "$name: not within $SETTLE s; the watcher's last lines:" \
                "$(tail -n 4 "$WORK/watch.out" "$WORK/watch.err" 2>&1 | cut -c1-300)"
            return 1
        fi
        sleep 0.1
    done
    pass
}
# The essays (file names) a word finds, one a line; nothing when none.
essays_with() { "$SEARCHER" --index "$IX" --strict --paths -- "$1" 2>/dev/null | sed 's|.*/||' | sort; }
finds() { [ "$(essays_with "$1")" == "$2" ]; }      # finds WORD "NAMES, one a line"
finds_none() { "$SEARCHER" --index "$IX" --strict --count -- "$1" >/dev/null 2>&1; [ $? -eq 1 ]; }
# ended PID: whether the process is gone (reaped or a zombie of ours)
ended() { ! kill -0 "$1" 2>/dev/null || [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" == Z ]; }

check "first build" 0 "$INDEXER" -q --index "$IX" "$ESSAYS"
"$INDEXER" --index "$IX" --watch --json >"$WORK/watch.out" 2>"$WORK/watch.err" &
WATCHER=$!

# ---- each kind of change -----------------------------------------------------
printf 'Zeppelins\n\nOf zeppelins and airships over the sea.\n' >"$ESSAYS/zeppelins.txt"
settle "a new essay is found" finds zeppelins zeppelins.txt

first=$(ls corpus | head -1)
printf 'Rewritten\n\nA quixotic rewrite of the first essay.\n' >"$ESSAYS/$first"
settle "an essay edited in place: its new words" finds quixotic "$first"
old_word=$(head -c 400 "corpus/$first" | tr -cs 'A-Za-z' '\n' | awk 'length > 7' | head -1)
settle "... and not its old ones" eval '! essays_with "$old_word" | grep -qxF "$first"'

second=$(ls corpus | sed -n 2p)
printf 'Saved by rename\n\nA hovercraft crossing, saved the way editors save.\n' >"$ESSAYS/.$second.tmp"
mv "$ESSAYS/.$second.tmp" "$ESSAYS/$second"
settle "an essay saved by writing a temporary file and renaming it" finds hovercraft "$second"
equals "the temporary file was never an essay" "$(essays_with hovercraft)" "$second"

mv "$ESSAYS/zeppelins.txt" "$ESSAYS/airships.txt"
settle "a moved essay is found under its new name only" finds zeppelins airships.txt

rm "$ESSAYS/airships.txt"
settle "a removed essay is found no more" finds_none zeppelins

mkdir "$ESSAYS/sub"
printf 'Deep\n\nA submarine in a new directory.\n' >"$ESSAYS/sub/deep.txt"
settle "an essay in a new directory" finds submarine deep.txt
printf 'Deeper\n\nA bathysphere, deeper still.\n' >"$ESSAYS/sub/deeper.txt"
settle "a second essay there: the new directory is watched" finds bathysphere deeper.txt

mkdir -p "$WORK/elsewhere/nested"
printf 'Nested\n\nA periscope in a nested directory.\n' >"$WORK/elsewhere/nested/n.txt"
mv "$WORK/elsewhere" "$ESSAYS/moved-in"
settle "a directory moved in, with its essays" finds periscope n.txt
printf 'Later\n\nA snorkel, written after the move.\n' >"$ESSAYS/moved-in/nested/later.txt"
settle "and watched, down its tree" finds snorkel later.txt

rm -r "$ESSAYS/sub"
settle "a directory removed: its essays go" finds_none submarine

# ---- what it printed -----------------------------------------------------------
# However the changes fell into updates, the lines add up to them: added
# zeppelins, airships (the move), deep, deeper, n and later; updated the
# two edited; removed zeppelins (the move), airships, deep and deeper.
lines_add_up() {
    [ "$(jq -s -r '[(map(.added) | add), (map(.updated) | add), (map(.removed) | add)] | @tsv' \
        "$WORK/watch.out")" == "$(printf '6\t2\t4')" ]
}
settle "the JSON lines add up to the changes" lines_add_up
equals "every line is JSON with what the update did" \
    "$(jq -c 'has("added") and has("updated") and has("removed") and has("time") and has("seconds")' "$WORK/watch.out" | sort -u)" true
equals "after the first update's, updates that changed nothing print nothing" \
    "$(jq -s -c '.[1:][] | select(.added + .updated + .removed == 0)' "$WORK/watch.out")" ""
equals "no message but the lines" "$(cat "$WORK/watch.err")" ""

# ---- SIGTERM in the middle of a burst -----------------------------------------
mkdir "$ESSAYS/burst"
(
    for i in $(seq 1 150); do
        printf 'Burst %d\n\nEssay number %d of the burst, about kites and gliders.\n' "$i" "$i" \
            >"$ESSAYS/burst/b$i.txt"
        [ $((i % 10)) -eq 0 ] && sleep 0.05
    done
) &
BURST=$!
settle "the burst is under way" test -f "$ESSAYS/burst/b40.txt"
kill -TERM "$WATCHER"
settle "the watcher ends" ended "$WATCHER"
wait "$WATCHER"
equals "it ends of the signal" "$?" 143
WATCHER=
wait "$BURST"
check "the next essay-index" 0 "$INDEXER" --index "$IX"
lacks "finds nothing left by an unfinished run" "$err" "did not finish"
check "a clean build of the same essays" 0 "$INDEXER" -q --index "$WORK/clean" "$ESSAYS"
same=1
for q in kites gliders 'burst essay' quixotic hovercraft periscope snorkel 'security guarantees' ukraine; do
    [ "$("$SEARCHER" --index "$IX" --jsonl --limit 200 -- "$q" | jq -c '[.path, .line, .score]')" == \
      "$("$SEARCHER" --index "$WORK/clean" --jsonl --limit 200 -- "$q" | jq -c '[.path, .line, .score]')" ] \
        || { same=0; echo "differs: $q" >&2; }
done
equals "the same answers as the clean build" "$same" 1
equals "the same counts" \
    "$("$INDEXER" --index "$IX" --status --json | jq -c '[.essays, .paragraphs, .words]')" \
    "$("$INDEXER" --index "$WORK/clean" --status --json | jq -c '[.essays, .paragraphs, .words]')"

# ---- for people ----------------------------------------------------------------
"$INDEXER" --index "$IX" --watch 2>"$WORK/people.err" &
WATCHER=$!
printf 'Kayaks\n\nOf kayaks and canoes.\n' >"$ESSAYS/kayaks.txt"
settle "a line for people" grep -qE '^[0-9]{2}:[0-9]{2}:[0-9]{2} 1 added, 0 updated, 0 removed' "$WORK/people.err"
printf 'Bad\n\nnot \xff UTF-8\n' >"$ESSAYS/bad.txt"
settle "a skipped file is said" grep -q "bad.txt:3:5: not UTF-8 (byte 0xFF at offset 9)" "$WORK/people.err"
printf 'Canoes\n\nOf canoes.\n' >"$ESSAYS/canoes.txt"
settle "the next update" grep -qE ' 1 added, .* 1 skipped' "$WORK/people.err"
equals "the skipped file said once" "$(grep -c 'bad.txt:3:5: not UTF-8' "$WORK/people.err")" 1
kill -TERM "$WATCHER"
wait "$WATCHER"
equals "idle, it ends at once, of the signal" "$?" 143
WATCHER=

check "--watch goes with no --dry-run" 2 "$INDEXER" --index "$IX" --watch --dry-run
check "--watch on no index" 2 "$INDEXER" --index "$WORK/none" --watch
contains "says there is none" "$err" "no index at"

# ---- the extensions the index remembers ---------------------------------------
# Built with --ext rst, watched without it: the watch takes .rst essays in
# (and keeps the one there), as a plain update does.
IX=$WORK/rst-index
RST=$WORK/rst
mkdir -p "$RST"
printf 'Gondolas\n\nOf gondolas in the lagoon.\n' >"$RST/gondolas.rst"
check "a build with --ext rst" 0 "$INDEXER" -q --index "$IX" --ext rst "$RST"
"$INDEXER" --index "$IX" --watch --json >"$WORK/watch.out" 2>"$WORK/watch.err" &
WATCHER=$!
printf 'Funiculars\n\nOf funiculars up the hill.\n' >"$RST/funiculars.rst"
settle "a new .rst essay is taken in by the watch" finds funiculars funiculars.rst
equals "the first one stays" "$(essays_with gondolas)" gondolas.rst
stop_watcher

echo "watch: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
