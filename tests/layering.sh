#!/usr/bin/env bash
# layering.sh -- the core files call one another one way only, and stay small:
# from `nm` of each object of core/, a file calls another when a symbol it
# uses but does not define is defined there; no two files may call each
# other, and no cycle may run through three or more.  No core file but
# query.c and xapian-c.cc passes 900 lines.
#
# Run from the repository root after `make`: BUILD=build tests/layering.sh
# (tests/layering.sh --calls prints the call graph, one "caller callee" a line).
set -u
BUILD=${BUILD:-build}
WORK=$(mktemp -d /tmp/essay-layering.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

. "$(dirname "$0")/assert.sh"

# "file symbol" for each symbol a file defines, then for each it uses.
for object in "$BUILD"/core/*.o; do
    file=$(basename "$object" .o)
    nm --defined-only "$object" | awk -v f="$file" '$2 ~ /^[TDBR]$/ { print f, $3 }'
done | sort -k2 >"$WORK/defined"
for object in "$BUILD"/core/*.o; do
    file=$(basename "$object" .o)
    nm --undefined-only "$object" | awk -v f="$file" '{ print f, $NF }'
done | sort -k2 >"$WORK/used"
join -1 2 -2 2 -o 1.1,2.1 "$WORK/used" "$WORK/defined" | awk '$1 != $2' | sort -u >"$WORK/calls"
if [ "${1:-}" = --calls ]; then cat "$WORK/calls"; exit 0; fi

equals "the objects of core/ are built" "$(test -s "$WORK/calls" && echo built)" built

mutual=$(awk '{ edge[$1 " " $2] = 1 } END { for (e in edge) { split(e, p, " ");
             if (p[1] < p[2] && (p[2] " " p[1]) in edge) print p[1] " <-> " p[2] } }' "$WORK/calls")
equals "no two core files call each other" "$mutual" ""

# tsort names a cycle on stderr when the graph has one.
cycles=$(tsort "$WORK/calls" 2>&1 >/dev/null | grep -v "input contains a loop:$")
equals "the core files' calls make no cycle" "$cycles" ""

long=$(wc -l core/*.c core/*.cc | awk '$2 != "total" && $2 != "core/query.c" &&
       $2 != "core/xapian-c.cc" && $1 > 900 { print $2 " (" $1 " lines)" }')
equals "no core file but query.c and xapian-c.cc passes 900 lines" "$long" ""

echo "layering.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
