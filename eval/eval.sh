#!/bin/sh
# eval.sh -- `make eval`: rank each test collection's documents for its
# queries with the engine (as it ranks by default, and with --no-expand) and
# its two peers, and score the four rankings.
#
#   BUILD=build eval/eval.sh COLLECTION...
#
# A COLLECTION is a directory with docs/ (one document a file, named by its
# id), queries.tsv ("id TAB text") and qrels.tsv ("query TAB doc TAB grade"),
# as ../shared/eval/cranfield, cisi and cacm are.  Each document is indexed
# as one essay and every system answers the natural-language query with its
# words ORed:
#   essay   essay-search --batch --any --per-essay 1 --limit 100 (essays
#           ranked by their whole text, each shown by its best paragraph;
#           questions of four words or more with pseudo-relevance feedback);
#   essay-no-expand  the same with --no-expand (no feedback);
#   fts5    fts5-peer search --any: SQLite FTS5, porter tokenizer, bm25();
#   xapian  xapian-peer search --any: Xapian's TermGenerator/QueryParser
#           defaults, English stemmer, BM25.
# The peers index the very paragraphs libessay's parser finds (bench/
# paragraphs) and return every matching paragraph, which eval/eval collapses
# to the first one per essay, as the engine's --per-essay 1 does, before
# scoring nDCG@10, MAP@100 and Recall@100 (eval/metrics.h).  Each
# collection's table is printed as it is scored; with more than one, a last
# table gives every system's nDCG@10 on each.
#
# Indexes and the peers' answers are kept in $BUILD/eval/NAME/ and remade
# only when the program that made them or the collection is newer (the
# peers' searches take about a minute a collection).  essay-search reads the
# engine's tuning from the environment (ESSAY_BM25_K1, ESSAY_BM25_B, ...:
# tests/RELEVANCE.md) into its search options, so `ESSAY_BM25_B=0.5 make
# eval` tries a setting.  The
# run files (NAME.run: "query TAB hit TAB hit ...") stay for
# `eval/eval --per-query`.
set -eu

build=${BUILD:-build}
[ $# -gt 0 ] || { echo "usage: eval/eval.sh COLLECTION..." >&2; exit 2; }

die() { echo "eval.sh: $*" >&2; exit 2; }

# stale TARGET SOURCE...: true when TARGET is missing or older than a SOURCE.
stale() {
    target=$1
    shift
    [ -e "$target" ] || return 0
    for source in "$@"; do
        [ "$source" -nt "$target" ] && return 0
    done
    return 1
}

# run NAME HITS: the run file NAME.run from one line of hits per query.
run() {
    [ "$(wc -l < "$2")" -eq "$(wc -l < "$work/query-ids.txt")" ] \
        || die "$1 answered $(wc -l < "$2") of $(wc -l < "$work/query-ids.txt") queries"
    paste "$work/query-ids.txt" "$2" > "$work/$1.run"
}

# score COLLECTION: rank and score one collection; its table goes to stdout
# and to $work/table.txt.
score() {
    collection=${1%/}
    name=$(basename "$collection")
    work=$build/eval/$name
    docs=$collection/docs
    mkdir -p "$work"

    for f in "$collection/queries.tsv" "$collection/qrels.tsv"; do
        [ -r "$f" ] || die "cannot read '$f'"
    done
    [ -d "$docs" ] || die "no directory '$docs'"
    if stale "$work/queries.txt" "$collection/queries.tsv"; then
        cut -f1 "$collection/queries.tsv" > "$work/query-ids.txt"
        cut -f2 "$collection/queries.tsv" > "$work/queries.txt"
    fi

    # The engine.
    if stale "$work/essay.index" "$build/essay-index" "$docs"; then
        rm -rf "$work/essay.index"
        "$build/essay-index" --quiet --index "$work/essay.index" "$docs"
    fi
    for engine in essay essay-no-expand; do
        expand=
        [ "$engine" = essay ] || expand=--no-expand
        "$build/essay-search" --index "$work/essay.index" --batch --any --per-essay 1 --limit 100 \
            $expand < "$work/queries.txt" > "$work/$engine.jsonl" || [ $? -le 2 ]
        # exit 1: some query found nothing; 2: some failed, each answered by an error object
        # (or the index did not open, and run() finds the answers missing)
        errors=$(jq -r 'select(.error != null) | .error.message' "$work/$engine.jsonl" | wc -l)
        [ "$errors" -eq 0 ] || echo "eval.sh: $engine failed on $errors queries (scored as no hits)" >&2
        jq -r '[.hits[] | "\(.path):\(.line)"] | join("\t")' "$work/$engine.jsonl" > "$work/$engine.hits"
        run "$engine" "$work/$engine.hits"
    done

    # The peers, on the same paragraphs, every match returned.
    if stale "$work/paragraphs.tsv" "$build/bench/paragraphs" "$docs"; then
        "$build/bench/paragraphs" "$docs" > "$work/paragraphs.tsv"
    fi
    paragraphs=$(wc -l < "$work/paragraphs.tsv")
    for peer in fts5 xapian; do
        db=$work/$peer.db
        if stale "$db" "$build/bench/$peer-peer" "$work/paragraphs.tsv"; then
            rm -rf "$db"
            "$build/bench/$peer-peer" build "$db" < "$work/paragraphs.tsv"
        fi
        if stale "$work/$peer.hits" "$db" "$work/queries.txt"; then
            "$build/bench/$peer-peer" search "$db" --any --limit "$paragraphs" \
                < "$work/queries.txt" > "$work/$peer.hits.new"
            mv "$work/$peer.hits.new" "$work/$peer.hits"
        fi
        run "$peer" "$work/$peer.hits"
    done

    echo "$name: $(ls "$docs" | wc -l) documents ($paragraphs paragraphs), $(wc -l < "$work/queries.txt") queries (words ORed), ranked per essay"
    "$build/eval/eval" "$collection/qrels.tsv" essay="$work/essay.run" \
        essay-no-expand="$work/essay-no-expand.run" fts5="$work/fts5.run" xapian="$work/xapian.run" \
        > "$work/table.txt"
    cat "$work/table.txt"
    # "collection TAB system TAB nDCG@10" for the summary: the rows below the header.
    awk -v name="$name" 'header { print name "\t" $1 "\t" $2 } $1 == "system" { header = 1 }' \
        "$work/table.txt" >> "$summary"
}

# The collections in turn, then, with more than one, their nDCG@10 side by side.
mkdir -p "$build/eval"
summary=$build/eval/summary.tsv
: > "$summary"
first=1
for collection; do
    [ "$first" = 1 ] || echo
    first=0
    score "$collection"
done
[ $# -gt 1 ] || exit 0
echo
awk -F '\t' '
    # column TEXT NAME: TEXT right-aligned under collection NAME.
    function column(text, name) { printf " %" (length(name) > 10 ? length(name) : 10) "s", text }
    !($1 in seen) { seen[$1] = 1; names[++n] = $1 }
    !($2 in known) { known[$2] = 1; systems[++m] = $2 }
    { ndcg[$2, $1] = $3 }
    END {
        printf "%-16s", "nDCG@10"
        for (c = 1; c <= n; c++) column(names[c], names[c])
        print ""
        for (s = 1; s <= m; s++) {
            printf "%-16s", systems[s]
            for (c = 1; c <= n; c++) column(ndcg[systems[s], names[c]], names[c])
            print ""
        }
    }' "$summary"
