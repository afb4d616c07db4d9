#!/usr/bin/env bash
# valgrind.sh -- the end-to-end tests (tests/e2e.sh) with every run of
# essay-index and essay-search under valgrind's memcheck.
#
# How: a directory holds two scripts named like the programs, each running
# valgrind on the real one with its own log file; e2e.sh runs with BUILD set
# to that directory, so it checks the programs' output and exit status as
# usual.  memcheck reports invalid reads and writes, uses of uninitialised
# values and definite leaks (an error: exit status 99, which e2e.sh sees as
# a wrong status too); possible leaks are listed but do not fail.  At the
# end: how many runs, and each log that is not empty.
#
# Run from the repository root after `make` (an optimised build, without
# sanitizers): BUILD=build tests/valgrind.sh   -- or: make valgrind
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
BUILD=$(cd "$BUILD" && pwd)
WORK=$(mktemp -d /tmp/essay-valgrind.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/bin" "$WORK/logs"
for program in essay-index essay-search; do
    cat >"$WORK/bin/$program" <<EOF
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\
    --log-file="$WORK/logs/$program.%p.log" "$BUILD/$program" "\$@"
EOF
    chmod +x "$WORK/bin/$program"
done

BUILD=$WORK/bin tests/e2e.sh
e2e=$?
runs=$(find "$WORK/logs" -name '*.log' | wc -l)
dirty=$(find "$WORK/logs" -name '*.log' -size +0 | sort)
for log in $dirty; do
    echo "== ${log##*/}"
    cat "$log"
done
echo "valgrind: $runs runs, $(echo "$dirty" | grep -c .) with memcheck reports; e2e.sh exit $e2e"
[ "$e2e" -eq 0 ] && [ -z "$dirty" ]
