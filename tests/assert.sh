# assert.sh -- the assertions the shell test scripts share (sourced, not run).
# Each assertion counts one pass or one failure; a script ends with
#     echo "NAME: $passed passed, $failed failed"; [ "$failed" -eq 0 ]
# check() needs $WORK, a scratch directory, for the command's output.

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# check NAME EXPECTED_STATUS COMMAND...: run, keep stdout/stderr in $out/$err
check() {
    local name=$1 want=$2
    shift 2
    "$@" >"$WORK/out" 2>"$WORK/err"
    local got=$?
    out=$(cat "$WORK/out")
    err=$(cat "$WORK/err")
    if [ "$got" -eq "$want" ]; then pass; else fail "$name: exit $got, wanted $want; stderr: $err"; fi
}
contains() { # contains NAME HAYSTACK NEEDLE
    if [[ "$2" == *"$3"* ]]; then pass; else fail "$1: '$3' not in: ${2:0:400}"; fi
}
lacks() { # lacks NAME HAYSTACK NEEDLE
    if [[ "$2" != *"$3"* ]]; then pass; else fail "$1: '$3' unexpectedly in: ${2:0:400}"; fi
}
equals() { # equals NAME GOT WANTED
    if [ "$2" == "$3" ]; then pass; else fail "$1: got '$2', wanted '$3'"; fi
}
