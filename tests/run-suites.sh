#!/bin/sh
# run-suites.sh -- run the test suites named on the command line (Criterion
# binaries, and tests/*.sh scripts run with BUILD set), each to the end, and
# say at the end which failed, with their failing lines: CI keeps only the
# tail of what a run prints, and a failure in the first suite must be read
# there.  Each suite's whole output is kept in $BUILD/test-logs/NAME.log.
#
# Used by `make check`: BUILD=build tests/run-suites.sh build/tests/test_* tests/e2e.sh ...
set -u
BUILD=${BUILD:-build}
logs=$BUILD/test-logs
mkdir -p "$logs"
failed=""
# run_suite PATH: a Criterion binary, two tests at a time, or a script
run_suite() {
    case $1 in
        *.sh) BUILD="$BUILD" "$1" ;;
        *) "$1" --jobs 2 ;;
    esac
}
for suite in "$@"; do
    name=$(basename "$suite")
    echo "== $suite"
    # into a file, not a pipe, which a process the suite leaves behind (a
    # server) would hold open; shown as it is written, until the suite ends
    : >"$logs/$name.log"
    run_suite "$suite" >"$logs/$name.log" 2>&1 &
    pid=$!
    tail -n +1 -f -s 0.1 --pid="$pid" "$logs/$name.log"
    wait "$pid" || failed="$failed $name"
done
[ -z "$failed" ] && exit 0
echo
echo "== failed:$failed"
for name in $failed; do
    echo "-- $name ($logs/$name.log):"
    # Criterion's and the scripts' failures, the sanitizers' and Python's
    # errors; else the log's last lines (a suite that could not start)
    grep -E '^FAIL|\[FAIL\]|^\[----\]|Crash|Timed out|signal|ERROR|runtime error' \
        "$logs/$name.log" | head -n 30 | grep . || tail -n 5 "$logs/$name.log"
done
exit 1
