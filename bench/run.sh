#!/usr/bin/env bash
# run.sh -- the benchmark: this engine against its peers, on the same corpus,
# in the same run.  `make bench` / `make bench-quick` call it; bench/README.md
# says what each figure means.
#
# For each size in BENCH_SIZES (10, 100, 1000: MB of corpus) it lays out the
# corpus (copies under BENCH_DATA where the size needs them), dumps the
# engine's paragraphs once (bench/paragraphs) for the peers, then measures,
# interleaving the tools so that the machine's noise falls on all of them:
#   - index builds, BENCH_REPEATS times: wall and CPU seconds, peak RSS
#     (GNU time), and the index size on disk over the corpus bytes;
#   - CLI query latency, BENCH_ROUNDS rounds over bench/queries.txt after one
#     warm-up round: one process per query, timed with $EPOCHREALTIME;
#   - queries per second of one process answering the queries repeated
#     (essay-search --batch, the sqlite3 CLI fed the same SELECTs, the peers);
#   - the search behind each keystroke of the queries typed into
#     essay-search -i, in one process (bench/keystrokes);
#   - time to the first hit with --limit 10 (grep -rFil | head -1 beside);
#   - adding one essay to the built index, BENCH_REPEATS times;
#   - how long after an essay is written a watched index (essay-index
#     --watch) finds it, BENCH_WATCH_WRITES times (5).
# Raw samples go to $BUILD/bench/raw/SIZE.tsv (figure TAB tool TAB repeat TAB
# value); bench/report.awk turns them into bench/results/SIZE.md, and the
# fragments of every size run so far, with bench/NOTES.md, into
# bench/RESULTS.md.  The copies under BENCH_DATA are removed at the end
# unless BENCH_KEEP=1.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench_dir")
cd "$root"
build=$(realpath -m "${BUILD:-build}")
shared=$(realpath -m "${BENCH_SHARED:-$root/../shared/bench}")
data=$(realpath -m "${BENCH_DATA:-$build/bench-data}")
sizes=${BENCH_SIZES-10 100 1000}     # empty: only rewrite RESULTS.md from the fragments
quick=${BENCH_QUICK:-0}
keep=${BENCH_KEEP:-0}
queries=$bench_dir/queries.txt
results=$bench_dir/results
raw_dir=$build/bench/raw

essay_index=$build/essay-index
essay_search=$build/essay-search
paragraphs=$build/bench/paragraphs
fts5_peer=$build/bench/fts5-peer
xapian_peer=$build/bench/xapian-peer
keystrokes=$build/bench/keystrokes

die() { echo "run.sh: $*" >&2; exit 2; }
say() { echo "bench: $*" >&2; }

for program in "$essay_index" "$essay_search" "$paragraphs" "$fts5_peer" "$xapian_peer" \
               "$keystrokes" /usr/bin/time sqlite3 xapian-compact; do
    command -v "$program" > /dev/null || die "$program is missing (run: make bench-programs)"
done
for corpus in brown nlp-corpus gutenberg-essays; do
    [ -d "$shared/$corpus" ] || die "no $shared/$corpus: the benchmark prose must be there (or set BENCH_SHARED)"
done

# Build repeats and query rounds: the environment's, else by mode and size.
repeats_for() {
    if [ -n "${BENCH_REPEATS:-}" ]; then echo "$BENCH_REPEATS"
    elif [ "$quick" = 1 ]; then echo 2
    else case $1 in 10) echo 5 ;; 100) echo 3 ;; *) echo 1 ;; esac
    fi
}
rounds_for() {
    if [ -n "${BENCH_ROUNDS:-}" ]; then echo "$BENCH_ROUNDS"
    elif [ "$quick" = 1 ]; then echo 3
    else case $1 in 1000) echo 2 ;; *) echo 5 ;; esac
    fi
}

# ---- timing ---------------------------------------------------------------

raw=/dev/null
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$raw"; }

# time_us INPUT COMMAND...: run COMMAND with stdin from INPUT and its output
# discarded; sets elapsed_us and status.  The fork and exec are inside the
# interval, as they are for a user; the /bin/true floor shows their cost.
time_us() {
    local input=$1 t0 t1
    shift
    t0=$EPOCHREALTIME
    status=0
    "$@" < "$input" > /dev/null 2>&1 || status=$?
    t1=$EPOCHREALTIME
    elapsed_us=$(( ${t1/./} - ${t0/./} ))
}

# measure_build FIGURE_TOOL REPEAT INPUT COMMAND...: wall, CPU and peak RSS
# of one build, recorded; stops the run if the build fails.
measure_build() {
    local tool=$1 repeat=$2 input=$3 usage
    shift 3
    usage=$build/bench/usage.txt
    time_us "$input" /usr/bin/time -f '%U %S %M' -o "$usage" "$@"
    [ "$status" = 0 ] || die "$tool build failed (exit $status): $*"
    record build_wall "$tool" "$repeat" "$(awk -v us="$elapsed_us" 'BEGIN { print us / 1e6 }')"
    read -r user sys rss < "$usage"
    record build_cpu "$tool" "$repeat" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
    record build_rss "$tool" "$repeat" "$(awk -v kb="$rss" 'BEGIN { print kb / 1024 }')"
}

bytes_of() { du -sb "$@" | awk '{ n += $1 } END { print n }'; }

# ---- the corpora ----------------------------------------------------------

# The gutenberg essays in name order, and how many of them (after corpus/)
# make about 100 MB; the essay after those is the one "added" at every size.
gutenberg_list=$build/bench/gutenberg.list
gutenberg_cut() {
    find "$shared/gutenberg-essays" -maxdepth 1 -name '*.txt' -printf '%s %p\n' | sort -k2 \
        > "$gutenberg_list"
    awk -v budget=$(( 100000000 - $(bytes_of corpus) )) \
        '{ total += $1 } total > budget { print NR - 1; exit }' "$gutenberg_list"
}

# copy_essays SRC DEST: the *.txt and *.md files of SRC, to DEST.
copy_essays() {
    mkdir -p "$2"
    find "$1" -maxdepth 1 -type f \( -name '*.txt' -o -name '*.md' \) -exec cp -t "$2" {} +
}

# prepare SIZE: sets roots (the corpus paths), label and added_essay.
prepare() {
    local size=$1 cut
    cut=$(gutenberg_cut)
    added_essay=$(sed -n "$((cut + 1))p" "$gutenberg_list" | cut -d' ' -f2-)
    rm -rf "${data:?}/$size"
    mkdir -p "$data/$size"
    case $size in
    10)
        roots=("$root/corpus" "$shared/brown" "$shared/nlp-corpus")
        label="corpus/ + brown/ + nlp-corpus/"
        ;;
    100)
        mkdir -p "$data/100/gutenberg-essays"
        head -n "$cut" "$gutenberg_list" | cut -d' ' -f2- | tr '\n' '\0' \
            | xargs -0 cp -t "$data/100/gutenberg-essays"
        roots=("$root/corpus" "$data/100/gutenberg-essays")
        label="corpus/ + the first $cut essays of gutenberg-essays/"
        ;;
    1000)
        local all copies
        all=$(bytes_of corpus "$shared/brown" "$shared/nlp-corpus" "$shared/gutenberg-essays")
        copies=$(( (1000000000 + all - 1) / all ))
        [ "$(df -B1 --output=avail "$data" | tail -1)" -gt $(( copies * all * 20 )) ] \
            || die "not enough disk space in $data for the 1 GB corpus and its indexes"
        for i in $(seq "$copies"); do
            copy_essays corpus "$data/1000/copy$i/corpus"
            for d in brown nlp-corpus gutenberg-essays; do
                copy_essays "$shared/$d" "$data/1000/copy$i/$d"
            done
        done
        roots=("$data/1000")
        label="$copies copies of corpus/, brown/, nlp-corpus/ and gutenberg-essays/ under distinct paths"
        ;;
    *) die "unknown size '$size' (10, 100 or 1000)" ;;
    esac
}

# ---- one size -------------------------------------------------------------

# Query-process commands: one query, given as file $2 (query text) or line
# $1 of the arrays below.
query_engine() { "$essay_search" --index "$work/engine" --limit 10 -- "${query_text[$1]}"; }
query_sqlite() { sqlite3 -batch "$work/fts5.db" "${query_sql[$1]}"; }
query_fts5()   { "$fts5_peer" search "$work/fts5.db" --syntax --snippet --limit 10; }
query_xapian() { "$xapian_peer" search "$work/xapian" --snippet --limit 10; }
query_grep()   { grep -rFil -- "${grep_pattern[$1]}" "${roots[@]}"; }
query_true()   { /bin/true; }
first_hit_grep() { grep -rFil -- "${grep_pattern[$1]}" "${roots[@]}" | head -n 1; }
add_fts5()   { "$paragraphs" "$1" | "$fts5_peer" build "$work/fts5.db"; }
add_xapian() { "$paragraphs" "$1" | "$xapian_peer" build "$work/xapian"; }

# measure_watch WRITES: with essay-index --watch on the built index, write
# the added essay (with a word of its own) into a directory the index
# remembers, WRITES times after a warm-up write, and record how long until
# essay-search finds it, asking again as soon as it answers.
measure_watch() {
    local writes=$1 dir=$work/watched watcher r t0 t1 word
    mkdir -p "$dir"
    "$essay_index" --quiet --index "$work/engine" "$dir"
    "$essay_index" --quiet --index "$work/engine" --watch &
    watcher=$!
    for r in $(seq 0 "$writes"); do
        word=watchmark$r$RANDOM
        t0=$EPOCHREALTIME
        { cat "$added_essay"; printf '\n%s\n' "$word"; } > "$dir/.written.tmp"
        mv "$dir/.written.tmp" "$dir/written-$r.txt"
        until "$essay_search" --index "$work/engine" --strict --count -- "$word" > /dev/null 2>&1; do
            [ $(( ${EPOCHREALTIME/./} - ${t0/./} )) -lt 120000000 ] \
                || { kill "$watcher"; die "the watched index did not find $word in 120 s"; }
        done
        t1=$EPOCHREALTIME
        [ "$r" = 0 ] || record watch engine "$r" "$(( ${t1/./} - ${t0/./} ))"
    done
    kill "$watcher"
    wait "$watcher" || true
}

# Exit statuses that mean an error, per query tool (grep and essay-search
# exit 1 for no match).
declare -A error_status=([engine]=2 [sqlite]=1 [fts5]=1 [xapian]=1 [grep]=2 [true]=1)
query_tools=(engine sqlite fts5 xapian grep true)

bench_size() {
    local size=$1 repeats rounds r i tool
    repeats=$(repeats_for "$size")
    rounds=$(rounds_for "$size")
    work=$data/$size/work
    raw=$raw_dir/$size.tsv
    mkdir -p "$raw_dir" "$results"
    : > "$raw"
    say "$size MB: laying out the corpus"
    prepare "$size"
    mkdir -p "$work"
    local files=$work/files.list
    find "${roots[@]}" -type f \( -name '*.txt' -o -name '*.md' \) ! -name '.*' -print0 > "$files"
    local corpus_bytes n_files load_before
    corpus_bytes=$(du -cb --files0-from="$files" | tail -1 | cut -f1)
    n_files=$(tr -cd '\0' < "$files" | wc -c)
    load_before=$(cut -d' ' -f1 /proc/loadavg)

    say "$size MB: $n_files files, $corpus_bytes bytes; extracting paragraphs"
    time_us /dev/null "$paragraphs" "${roots[@]}"
    record extract paragraphs 1 "$(awk -v us="$elapsed_us" 'BEGIN { print us / 1e6 }')"
    "$paragraphs" "${roots[@]}" > "$work/records.tsv"
    local n_paragraphs
    n_paragraphs=$(wc -l < "$work/records.tsv")

    for r in $(seq "$repeats"); do
        say "$size MB: builds, repeat $r of $repeats"
        rm -rf "$work/engine" "$work/xapian" "$work/fts5.db"
        measure_build engine "$r" /dev/null "$essay_index" --quiet --index "$work/engine" "${roots[@]}"
        measure_build xapian "$r" "$work/records.tsv" "$xapian_peer" build "$work/xapian"
        measure_build fts5 "$r" "$work/records.tsv" "$fts5_peer" build "$work/fts5.db"
        measure_build cat "$r" /dev/null xargs -0 -a "$files" cat
    done
    record size engine 1 "$(bytes_of "$work/engine")"
    record size xapian 1 "$(bytes_of "$work/xapian")"
    record size fts5 1 "$(bytes_of "$work/fts5.db")"
    record size corpus 1 "$corpus_bytes"
    rm -rf "$work/xapian-compact"
    measure_build xapian_compact 1 /dev/null xapian-compact "$work/xapian" "$work/xapian-compact"
    record size xapian_compact 1 "$(bytes_of "$work/xapian-compact")"
    rm -rf "$work/xapian-compact"

    # The queries, in each tool's form.
    mapfile -t query_text < "$queries"
    mapfile -t query_sql < <("$fts5_peer" sql --syntax --snippet --limit 10 < "$queries")
    grep_pattern=()
    for i in "${!query_text[@]}"; do
        local q=${query_text[$i]}
        # a phrase as its text, anything else by its first word
        if [[ $q == \"*\" ]]; then q=${q//\"/}; else q=${q%% *}; q=${q%\*}; fi
        grep_pattern[$i]=$q
        printf '%s\n' "${query_text[$i]}" > "$work/query$i.txt"
    done

    say "$size MB: query latency, a warm-up round and $rounds rounds of ${#query_text[@]} queries"
    declare -A errors=()
    for r in $(seq 0 "$rounds"); do
        for i in "${!query_text[@]}"; do
            for tool in "${query_tools[@]}"; do
                time_us "$work/query$i.txt" "query_$tool" "$i"
                if [ "$r" = 0 ]; then
                    [ "$status" -lt "${error_status[$tool]}" ] \
                        || errors[$tool]=$(( ${errors[$tool]:-0} + 1 ))
                else
                    record latency "$tool" "$r" "$elapsed_us"
                fi
            done
        done
    done
    for tool in "${!errors[@]}"; do
        record errors "$tool" 1 "${errors[$tool]}"
        say "$size MB: $tool failed on ${errors[$tool]} queries (see bench/README.md)"
    done

    say "$size MB: batch throughput"
    local copies=$(( size >= 1000 ? 2 : 10 )) batch_q=$work/batch-queries.txt batch_sql=$work/batch.sql
    : > "$batch_q"
    for _ in $(seq "$copies"); do cat "$queries" >> "$batch_q"; done
    "$fts5_peer" sql --syntax --snippet --limit 10 < "$batch_q" > "$batch_sql"
    local n_batch
    n_batch=$(wc -l < "$batch_q")
    for r in $(seq "$rounds"); do
        time_us "$batch_q" "$essay_search" --index "$work/engine" --limit 10 --batch
        record qps engine "$r" "$(awk -v n="$n_batch" -v us="$elapsed_us" 'BEGIN { print n * 1e6 / us }')"
        time_us "$batch_sql" sqlite3 -batch "$work/fts5.db"
        record qps sqlite "$r" "$(awk -v n="$n_batch" -v us="$elapsed_us" 'BEGIN { print n * 1e6 / us }')"
        time_us "$batch_q" "$fts5_peer" search "$work/fts5.db" --syntax --snippet --limit 10
        record qps fts5 "$r" "$(awk -v n="$n_batch" -v us="$elapsed_us" 'BEGIN { print n * 1e6 / us }')"
        time_us "$batch_q" "$xapian_peer" search "$work/xapian" --snippet --limit 10
        record qps xapian "$r" "$(awk -v n="$n_batch" -v us="$elapsed_us" 'BEGIN { print n * 1e6 / us }')"
    done

    say "$size MB: the search behind each keystroke of the queries typed (essay-search -i)"
    for r in $(seq "$rounds"); do
        "$keystrokes" "$work/engine" < "$queries" > "$work/keystrokes.txt" \
            || die "bench/keystrokes failed on $work/engine"
        awk -v r="$r" '{ printf "keystroke\tengine\t%s\t%s\n", r, $1 }' "$work/keystrokes.txt" >> "$raw"
    done

    say "$size MB: time to the first hit"
    local rare common
    rare=$(grep -nx 'zeppelin' "$queries" | cut -d: -f1)
    common=$(grep -nx 'the' "$queries" | cut -d: -f1)
    for r in $(seq "$rounds"); do
        for pick in "rare:$((rare - 1))" "common:$((common - 1))"; do
            i=${pick#*:}
            for tool in engine sqlite fts5 xapian; do
                time_us "$work/query$i.txt" "query_$tool" "$i"
                record "first_${pick%%:*}" "$tool" "$r" "$(( elapsed_us ))"
            done
            time_us /dev/null first_hit_grep "$i"
            record "first_${pick%%:*}" grep "$r" "$elapsed_us"
        done
    done

    say "$size MB: adding one essay ($(basename "$added_essay"))"
    local add_repeats=${BENCH_ADD_REPEATS:-$repeats}
    for r in $(seq "$add_repeats"); do
        local new=$work/added/added-$r.txt
        mkdir -p "$work/added"
        cp "$added_essay" "$new"
        time_us /dev/null "$essay_index" --quiet --index "$work/engine" "$new"
        record add engine "$r" "$elapsed_us"
        time_us /dev/null add_fts5 "$new"
        record add fts5 "$r" "$elapsed_us"
        time_us /dev/null add_xapian "$new"
        record add xapian "$r" "$elapsed_us"
    done

    say "$size MB: an essay written, found by a watched index"
    measure_watch "${BENCH_WATCH_WRITES:-5}"

    local commit
    commit=$(git rev-parse --short HEAD)
    [ -z "$(git status --porcelain -- core indexer searcher)" ] \
        || commit="$commit + uncommitted changes to the engine"
    {
        echo "## $size MB: $label"
        echo
        printf '%s files, %s bytes, %s paragraphs.  ' "$n_files" "$corpus_bytes" "$n_paragraphs"
        printf 'Run %s, commit %s; %s build repeats, %s query rounds%s; load average %s before, %s after.\n' \
            "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit" "$repeats" "$rounds" \
            "$([ "$quick" = 1 ] && echo ' (quick mode)')" "$load_before" "$(cut -d' ' -f1 /proc/loadavg)"
        echo
        awk -f "$bench_dir/report.awk" "$raw"
    } > "$results/$size.md"
    say "$size MB: wrote bench/results/$size.md"
    [ "$keep" = 1 ] || rm -rf "${data:?}/$size"
}

for size in $sizes; do
    bench_size "$size"
done

# RESULTS.md: the machine, the fragments of every size measured so far, the notes.
{
    echo "# Benchmark results"
    echo
    echo "Written by \`make bench\` (bench/run.sh); bench/README.md explains every figure.  Machine:"
    echo "$(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) of memory, Linux $(uname -r);"
    echo "$(xapian-config --version | sed 's/.* //' | sed 's/^/Xapian /'), SQLite $(sqlite3 --version | cut -d' ' -f1), $(grep --version | head -1)."
    echo "Times are medians over the repeats, with the range in parentheses; the ratio columns are this"
    echo "engine's figure divided by the peer's, repeat by repeat (below 1 is better, except for queries/s)."
    echo
    for size in 10 100 1000; do
        if [ -f "$results/$size.md" ]; then cat "$results/$size.md"; echo; fi
    done
    [ -f "$bench_dir/NOTES.md" ] && cat "$bench_dir/NOTES.md"
} > "$bench_dir/RESULTS.md"
say "wrote bench/RESULTS.md"
