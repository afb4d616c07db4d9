# report.awk -- turn one size's raw benchmark samples into its Markdown table.
#
#   awk -f bench/report.awk build/bench/raw/SIZE.tsv
#
# Input lines: FIGURE TAB TOOL TAB REPEAT TAB VALUE, as bench/run.sh records
# them.  Per-query latencies (figure "latency", microseconds, many a round)
# become one p50 and one p99 per tool and round first (nearest rank), and so
# do the searches behind keystrokes (figure "keystroke": keystroke_p50,
# keystroke_p99).  Every
# cell is then the median over the repeats with the range in parentheses,
# and every ratio is this engine's value over the peer's, taken repeat by
# repeat (the same repeat ran the tools back to back) and summarised the same
# way.  Written for POSIX awk (mawk is Debian's default).
BEGIN { FS = "\t" }

{
    fig = $1; tool = $2; rep = $3
    if (fig == "latency" || fig == "keystroke") {
        k = fig SUBSEP tool SUBSEP rep
        lat[k] = (k in lat) ? lat[k] " " $4 : $4
        lat_reps[fig, tool] = add_rep(lat_reps[fig, tool], rep)
    } else {
        val[fig, tool, rep] = $4
        reps[fig, tool] = add_rep(reps[fig, tool], rep)
    }
}

function add_rep(list, rep) {
    return (" " list " ") ~ (" " rep " ") ? list : (list == "" ? rep : list " " rep)
}

# Sort the numbers in string s (space-separated) into sorted[1..n]; returns n.
function sort_numbers(s,    n, i, j, x) {
    n = split(s, sorted, " ")
    for (i = 2; i <= n; i++) {
        x = sorted[i] + 0
        for (j = i - 1; j >= 1 && sorted[j] + 0 > x; j--)
            sorted[j + 1] = sorted[j]
        sorted[j + 1] = x
    }
    return n
}

function nearest_rank(n, p,    r) {
    r = int(p * n + 0.999999)
    return sorted[r < 1 ? 1 : r]
}

# Three significant digits, without an exponent for the values met here
# (the thresholds sit where rounding would add a digit: 9.996 -> "10.0").
function fmt(v) {
    if (v >= 99.95) return sprintf("%.0f", v)
    if (v >= 9.995) return sprintf("%.1f", v)
    if (v >= 0.9995) return sprintf("%.2f", v)
    if (v >= 0.01) return sprintf("%.3f", v)
    return sprintf("%.2g", v)
}

# "median (min-max)" of the numbers in s, each multiplied by 'scale'.
function summary(s, scale,    n, med) {
    n = sort_numbers(s)
    if (n == 0) return "—"
    med = (n % 2) ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
    if (n == 1) return fmt(med * scale)
    return fmt(med * scale) " (" fmt(sorted[1] * scale) "–" fmt(sorted[n] * scale) ")"
}

function values(f, t,    list, n, i, r, s) {
    if (!((f, t) in reps)) return ""
    n = split(reps[f, t], list, " ")
    s = ""
    for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") val[f, t, list[i]]
    return s
}

function cell(f, t, scale) {
    return ((f, t) in reps) ? summary(values(f, t), scale) : "—"
}

# Engine over 'peer' for figure f, repeat by repeat.
function ratio(f, peer,    list, n, i, s) {
    if (!((f, "engine") in reps) || !((f, peer) in reps)) return "—"
    n = split(reps[f, "engine"], list, " ")
    s = ""
    for (i = 1; i <= n; i++)
        if ((f, peer, list[i]) in val && val[f, peer, list[i]] > 0)
            s = s (s == "" ? "" : " ") val[f, "engine", list[i]] / val[f, peer, list[i]]
    return s == "" ? "—" : summary(s, 1)
}

# One table row: the tools' cells (scaled), a floor cell, the three ratios.
function row(label, f, scale, floor) {
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label,
        cell(f, "engine", scale), cell(f, "xapian", scale), cell(f, "fts5", scale),
        cell(f, "sqlite", scale), cell(f, "grep", scale), floor,
        ratio(f, "xapian"), ratio(f, "fts5"), ratio(f, "sqlite")
}

END {
    # Latency percentiles per figure, tool and round.
    for (ft in lat_reps) {
        split(ft, parts, SUBSEP)
        tool = parts[2]
        prefix = parts[1] == "latency" ? "" : parts[1] "_"
        n = split(lat_reps[ft], rounds, " ")
        for (i = 1; i <= n; i++) {
            m = sort_numbers(lat[parts[1], tool, rounds[i]])
            val[prefix "p50", tool, rounds[i]] = nearest_rank(m, 0.50)
            val[prefix "p99", tool, rounds[i]] = nearest_rank(m, 0.99)
        }
        reps[prefix "p50", tool] = reps[prefix "p99", tool] = lat_reps[ft]
    }
    # Sizes as multiples of the corpus; the compacted Xapian peer as a peer of its own.
    corpus = val["size", "corpus", 1]
    split("engine xapian fts5 xapian_compact", sized, " ")
    for (i = 1; i <= 4; i++)
        if (("size", sized[i], 1) in val) val["size", sized[i], 1] /= corpus
    if (("size", "xapian_compact", 1) in val) {
        val["compacted", "engine", 1] = val["size", "engine", 1]
        val["compacted", "xapian", 1] = val["size", "xapian_compact", 1]
        reps["compacted", "engine"] = reps["compacted", "xapian"] = 1
    }

    print "| figure | this engine | xapian-peer | fts5-peer | sqlite3 CLI | grep -rFil | floor " \
          "| ÷ xapian-peer | ÷ fts5-peer | ÷ sqlite3 CLI |"
    print "|---|---|---|---|---|---|---|---|---|---|"
    row("index build, wall s", "build_wall", 1, "cat " cell("build_wall", "cat", 1))
    row("index build, CPU s (user + sys)", "build_cpu", 1, "cat " cell("build_cpu", "cat", 1))
    row("index build, peak RSS MB", "build_rss", 1, "—")
    row("index size ÷ corpus size", "size", 1, "1")
    row("the same, xapian-peer's index compacted (xapian-compact: " \
        cell("build_wall", "xapian_compact", 1) " s)", "compacted", 1, "1")
    row("add one essay, ms", "add", 0.001, "—")
    row("an essay written, found by a watched index (--watch), ms", "watch", 0.001, "—")
    row("query latency p50, ms (one process a query)", "p50", 0.001, "/bin/true " cell("p50", "true", 0.001))
    row("query latency p99, ms", "p99", 0.001, "/bin/true " cell("p99", "true", 0.001))
    row("queries/s, one process for all (engine: --batch)", "qps", 1, "—")
    row("search behind a keystroke of -i p50, ms (one process)", "keystroke_p50", 0.001, "—")
    row("search behind a keystroke of -i p99, ms", "keystroke_p99", 0.001, "—")
    row("first hit, --limit 10, rare word, ms (grep: \\| head -1)", "first_rare", 0.001, "—")
    row("first hit, --limit 10, \"the\", ms (grep: \\| head -1)", "first_common", 0.001, "—")
    print ""
    printf "The peers index the records bench/paragraphs dumps (%s s to extract them, not counted in their build times).", \
        cell("extract", "paragraphs", 1)
    for (k in val) {
        split(k, parts, SUBSEP)
        if (parts[1] == "errors")
            printf "  %s failed on %s queries of the warm-up round.", parts[2], val[k]
    }
    print ""
}
