#!/usr/bin/env bash
# status.sh -- end-to-end tests of essay-index --status: what it says of
# indexes in known states -- none yet, fresh, after changes (the delta, a
# skipped file), with a remembered path gone (and the command it gives to
# forget it, run), sharded -- as text for people and as JSON, read with jq.
#
# Run from the repository root after `make`: BUILD=build tests/status.sh
set -u
BUILD=${BUILD:-build}
BUILD=$(cd "$BUILD" && pwd)
INDEXER=$BUILD/essay-index
SEARCHER=$BUILD/essay-search
WORK=$(mktemp -d /tmp/essay-status.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT   # KEEP=1: keep it to look at
unset ESSAY_INDEX NO_COLOR

. "$(dirname "$0")/assert.sh"

IX=$WORK/index
ESSAYS=$WORK/essays
mkdir -p "$ESSAYS"
cp corpus/*.txt "$ESSAYS/"
corpus_bytes=$(cat "$ESSAYS"/*.txt | wc -c)

# ---- no index ----------------------------------------------------------------
check "no index yet" 2 "$INDEXER" --index "$IX" --status
contains "says so, and how to build one" "$err" "no index at '$IX' yet: build it with: essay-index --index $IX DIR"
equals "and prints nothing" "$out" ""
check "a directory of other files" 2 "$INDEXER" --index "$ESSAYS" --status
contains "is no index" "$err" "holds no index"
check "--status takes no path" 2 "$INDEXER" --index "$IX" --status "$ESSAYS"
contains "says what it goes with" "$err" "--status goes with --index and --json only"

# ---- fresh -------------------------------------------------------------------
check "build" 0 "$INDEXER" -q --index "$IX" "$ESSAYS"
check "status, fresh" 0 "$INDEXER" --index "$IX" --status
contains "names the index" "$out" "index: $IX"
contains "its format and language" "$out" "format: 1, stemming english"
contains "the essays" "$out" "essays: 5 ("
contains "the path, present" "$out" "path: $ESSAYS"$'\n'
contains "the build" "$out" "(build, "
contains "what it added" "$out" "5 added, 0 updated, 0 removed, 0 unchanged, 0 skipped"
contains "no delta" "$out" "delta: none"
check "status --json, fresh" 0 "$INDEXER" --index "$IX" --status --json
equals "one line" "$(wc -l <<<"$out")" 1
equals "kind, format, language" "$(jq -r '[.kind, .format, .language] | @tsv' <<<"$out")" \
    "$(printf 'index\t1\tenglish')"
equals "essays and their bytes" "$(jq -r '[.essays, .essay_bytes] | @tsv' <<<"$out")" \
    "$(printf '5\t%s' "$corpus_bytes")"
equals "words, size on disk and its ratio" \
    "$(jq -r '.words > 4000 and .disk_bytes > 0 and (.disk_ratio - .disk_bytes / .essay_bytes | fabs) < 1e-9' <<<"$out")" true
equals "no delta, no shard" "$(jq -r '[.delta, .shard] | @tsv' <<<"$out")" "$(printf '\t')"
equals "the path, present" "$(jq -r '.paths[] | [.path, .present, .forget] | @tsv' <<<"$out")" \
    "$(printf '%s\ttrue\t' "$ESSAYS")"
equals "the build recorded" \
    "$(jq -r '.last_update | [.kind, .added, .updated, .removed, .skipped, (.skipped_files | length)] | @tsv' <<<"$out")" \
    "$(printf 'build\t5\t0\t0\t0\t0')"
equals "its time, in two forms" \
    "$(jq -r '.last_update | (.started | todate) == .time and (now - .started) < 600' <<<"$out")" true

# ---- after changes -----------------------------------------------------------
printf 'Airships\n\nOf zeppelins and airships.\n\nAnd of balloons.\n' >"$ESSAYS/airships.txt"
printf 'Bad\n\nnot \xff UTF-8\n' >"$ESSAYS/bad.txt"
check "an update that adds one and skips one" 1 "$INDEXER" -q --index "$IX"
check "status after it" 0 "$INDEXER" --index "$IX" --status --json
equals "6 essays" "$(jq -r .essays <<<"$out")" 6
equals "the new one in the delta" "$(jq -r '.delta | [.essays, .paragraphs, .disk_bytes > 0] | @tsv' <<<"$out")" \
    "$(printf '1\t2\ttrue')"
equals "the update recorded" \
    "$(jq -r '.last_update | [.kind, .added, .unchanged, .skipped] | @tsv' <<<"$out")" \
    "$(printf 'update\t1\t5\t1')"
equals "the skipped file and why" "$(jq -r '.last_update.skipped_files[] | [.path, .message] | @tsv' <<<"$out")" \
    "$(printf "%s\t%s:3:5: not UTF-8 (byte 0xFF at offset 9) (skip it with: essay-index --index %s --exclude 'bad.txt')" \
        "$ESSAYS/bad.txt" "$ESSAYS/bad.txt" "$IX")"
check "status text after it" 0 "$INDEXER" --index "$IX" --status
contains "the delta" "$out" "delta: 1 essays, 2 paragraphs, "
contains "the skipped file" "$out" "skipped: $ESSAYS/bad.txt:3:5: not UTF-8 (byte 0xFF at offset 9)"
rm "$ESSAYS/bad.txt"
check "an update that changes nothing" 0 "$INDEXER" -q --index "$IX"
check "status" 0 "$INDEXER" --index "$IX" --status --json
equals "keeps the record of the last change" "$(jq -r '.last_update | [.added, .skipped] | @tsv' <<<"$out")" \
    "$(printf '1\t1')"
printf 'Airships\n\nOf dirigibles now.\n' >"$ESSAYS/airships.txt"
printf 'Rewritten\n\nThe first essay, rewritten.\n' >"$ESSAYS/$(ls corpus | head -1)"
check "an update that changes an older essay" 0 "$INDEXER" -q --index "$IX"
check "status" 0 "$INDEXER" --index "$IX" --status --json
equals "the delta folded in" "$(jq -r '.delta' <<<"$out")" null
equals "two updated" "$(jq -r '.last_update | [.added, .updated, .skipped] | @tsv' <<<"$out")" \
    "$(printf '0\t2\t0')"
counts=$(jq -c '[.essays, .paragraphs, .words, .essay_bytes]' <<<"$out")
check "a clean build of the same essays" 0 "$INDEXER" -q --index "$WORK/clean" "$ESSAYS"
equals "counts as the clean build's" "$counts" \
    "$("$INDEXER" --index "$WORK/clean" --status --json | jq -c '[.essays, .paragraphs, .words, .essay_bytes]')"

# ---- a gone path -------------------------------------------------------------
mkdir -p "$WORK/more dir"
printf "Lone\n\nAn essay on its own.\n" >"$WORK/more dir/lone.txt"
check "remember a second path" 0 "$INDEXER" -q --index "$IX" "$WORK/more dir"
rm -r "$WORK/more dir"
check "status with a path gone" 0 "$INDEXER" --index "$IX" --status --json
equals "present, gone" "$(jq -r '[.paths[].present] | @tsv' <<<"$out")" "$(printf 'true\tfalse')"
forget=$(jq -r '.paths[1].forget' <<<"$out")
equals "the command that forgets it, quoted" "$forget" "essay-index --index $IX --forget '$WORK/more dir'"
equals "its essay stays until then" "$(jq -r .essays <<<"$out")" 7
check "status text" 0 "$INDEXER" --index "$IX" --status
contains "says it is gone, and the command" "$out" "path: $WORK/more dir (gone; its essays stay until it is forgotten: $forget)"
check "the command works" 0 env PATH="$BUILD:$PATH" bash -c "$forget -q"
check "status after forgetting" 0 "$INDEXER" --index "$IX" --status --json
equals "one path left" "$(jq -r '.paths | length' <<<"$out")" 1
equals "the forget recorded" "$(jq -r '.last_update | [.kind, .removed] | @tsv' <<<"$out")" \
    "$(printf 'forget\t1')"
equals "its essay gone" "$(jq -r .essays <<<"$out")" 6

# ---- sharded -----------------------------------------------------------------
check "a sharded index" 0 "$INDEXER" -q --index "$WORK/sharded" --shards 3 "$ESSAYS"
check "its status" 0 "$INDEXER" --index "$WORK/sharded" --status --json
equals "sharded, of 3 shards" "$(jq -r '[.kind, (.parts | length)] | @tsv' <<<"$out")" "$(printf 'sharded\t3')"
equals "each shard named, with its shard record" \
    "$(jq -r '.parts[] | [.index, .shard] | @tsv' <<<"$out")" \
    "$(printf '%s/shard0\t0/3\n%s/shard1\t1/3\n%s/shard2\t2/3' "$WORK/sharded" "$WORK/sharded" "$WORK/sharded")"
equals "the shards add up" "$(jq -r '[.essays, ([.parts[].essays] | add), .paragraphs == ([.parts[].paragraphs] | add)] | @tsv' <<<"$out")" \
    "$(printf '6\t6\ttrue')"
equals "the build, over all shards" "$(jq -r '.last_update | [.kind, .added] | @tsv' <<<"$out")" \
    "$(printf 'build\t6')"
equals "the corpus path" "$(jq -r '.paths[0].path' <<<"$out")" "$ESSAYS"
printf 'Kites\n\nOf kites.\n' >"$ESSAYS/kites.txt"
check "update it" 0 "$INDEXER" -q --index "$WORK/sharded"
check "its status after" 0 "$INDEXER" --index "$WORK/sharded" --status --json
equals "the update, from the shard that took it" \
    "$(jq -r '.last_update | [.kind, .added, .updated, .removed] | @tsv' <<<"$out")" \
    "$(printf 'update\t1\t0\t0')"
check "its status as text" 0 "$INDEXER" --index "$WORK/sharded" --status
contains "names the parts" "$out" "(3 parts)"
contains "lists each" "$out" "part: $WORK/sharded/shard2: "

# ---- an index a newer essay-index touched ------------------------------------------
# One essay record of a later reading (its first line's last field, store.c):
# an update would drop what the newer essay-index added, so it is refused,
# and the message names --rebuild, which makes it this one's.
essays_before_newer=$("$INDEXER" --index "$IX" --status --json | jq -r .essays)
key=$(xapian-metadata list "$IX" essay/ | head -1)
record=$(xapian-metadata get "$IX" "$key")
first_line=${record%%$'\n'*}
xapian-metadata set "$IX" "$key" "${first_line% *} 999"$'\n'"${record#*$'\n'}"
check "an update of an index a newer essay-index touched" 2 "$INDEXER" -q --index "$IX"
contains "says why" "$err" "built by a newer essay-index"
contains "and the way out" "$err" "essay-index --index $IX --rebuild"
check "its status still counts every essay" 0 "$INDEXER" --index "$IX" --status --json
equals "nothing lost" "$(jq -r .essays <<<"$out")" "$essays_before_newer"
equals "and counts the essay a newer one read" "$(jq -r .newer_essays <<<"$out")" 1
check "the status says so" 0 "$INDEXER" --index "$IX" --status
contains "with the way out" "$out" \
    "newer essays: 1 indexed by a newer essay-index, which this one cannot update (rebuild it with this one: essay-index --index $IX --rebuild)"
check "--rebuild makes it this essay-index's" 0 "$INDEXER" -q --index "$IX" --rebuild
check "then it updates" 0 "$INDEXER" -q --index "$IX"

echo "status: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
