#!/usr/bin/env bash
# interactive.sh -- end-to-end tests of essay-search -i, the view that
# searches as you type, in a real terminal: tmux runs the view in a detached
# session of a server of its own, send-keys types, capture-pane reads the
# screen.  EDITOR is a script that records its arguments.  Every wait polls
# the screen (or the editor's record) until what is awaited shows, for ten
# seconds at most, never a fixed sleep.
#
# Run from the repository root after `make`: BUILD=build tests/interactive.sh
set -u
BUILD=${BUILD:-build}
BUILD=$(cd "$BUILD" && pwd)
INDEXER=$BUILD/essay-index
SEARCHER=$BUILD/essay-search
WORK=$(mktemp -d /tmp/essay-interactive.XXXXXX)
tmux() { command tmux -S "$WORK/tmux.socket" -f /dev/null "$@"; }
trap 'tmux kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
unset NO_COLOR VISUAL

. "$(dirname "$0")/assert.sh"

if ! command -v tmux >/dev/null; then
    echo "interactive.sh: tmux is missing (scripts/install-deps --test installs it)" >&2
    exit 1
fi

# ---- the essays: corpus/ and one that carries an escape sequence ------------
mkdir "$WORK/essays"
cp corpus/*.txt "$WORK/essays/"
printf 'Hostile\n\nThe zanzibar \033[31mred\033[0m text.\n' >"$WORK/essays/hostile.txt"
check "index" 0 "$INDEXER" --index "$WORK/index" "$WORK/essays"
SEARCH=("$SEARCHER" --index "$WORK/index")

cat >"$WORK/editor" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$WORK/edited.tmp" && mv "$WORK/edited.tmp" "$WORK/edited"
EOF
chmod +x "$WORK/editor"

# ---- without a terminal -----------------------------------------------------
check "-i without a terminal is an error" 2 "${SEARCH[@]}" -i security </dev/null
contains "-i says it needs a terminal" "$err" "--interactive needs a terminal on standard input and output"
check "-i with --json is a usage error" 2 "${SEARCH[@]}" -i --json security
contains "-i names what it cannot go with" "$err" "--interactive shows its own view"

# ---- helpers ------------------------------------------------------------------

# start SESSION [ENV=VALUE...] -- ARGS...: essay-search -i ARGS in an 80x24
# terminal, in a shell that prints BEFORE-VIEW first and "exit N" after.
start() {
    local session=$1 envs=() quoted
    shift
    while [ "$1" != -- ]; do envs+=(-e "$1"); shift; done
    shift
    quoted=$(printf '%q ' "${SEARCH[@]}" -i "$@")
    tmux new-session -d -s "$session" -x 80 -y 24 -e LANG=C.UTF-8 -e "EDITOR=$WORK/editor" \
        "${envs[@]}" "echo BEFORE-VIEW; $quoted; echo \"exit \$?\"; exec sleep 600"
}

screen() { tmux capture-pane -t "$1" -p "${@:2}"; }

# wait_for NAME SESSION TEXT: until the screen shows TEXT; assert it does.
wait_for() {
    for _ in $(seq 100); do
        shown=$(screen "$2")
        [[ $shown == *"$3"* ]] && break
        sleep 0.1
    done
    contains "$1" "$shown" "$3"
}

# wait_row NAME SESSION ROW TEXT: until row ROW (from 1) shows TEXT.
wait_row() {
    for _ in $(seq 100); do
        row=$(screen "$2" | sed -n "$3p")
        [[ $row == *"$4"* ]] && break
        sleep 0.1
    done
    contains "$1" "$row" "$4"
}

# What the view lists for hit N (from 1) of QUERY: the end of "file:line".
place() {
    "${SEARCH[@]}" --json -n 50 "$2" | jq -r ".hits[$(($1 - 1))] | \"\(.path | split(\"/\") | last):\(.match_line)\"" |
        tail -c 21
}

# ---- typing, refining, opening, leaving ----------------------------------------
start view --
wait_for "the view starts" view "Esc quit"
contains "an empty query asks for one" "$shown" "type a query"
tmux send-keys -t view -l machiavelli
wait_for "typing shows the hit" view "$(place 1 machiavelli)"
contains "the status counts it" "$shown" "1 hit"
contains "the preview shows its paragraph" "$shown" "Machiavelli"

tmux send-keys -t view C-u
tmux send-keys -t view -l security
wait_row "the hits of 'security'" view 3 "$(place 1 security)"
tmux send-keys -t view -l ' guarantees'
wait_row "a refined query changes the hits" view 3 "$(place 1 'security guarantees')"
lacks "the first hit is another" "$row" "$(place 1 security)"

tmux send-keys -t view Down Enter
for _ in $(seq 100); do [ -f "$WORK/edited" ] && break; sleep 0.1; done
want=$("${SEARCH[@]}" --json -n 50 'security guarantees' | jq -r '.hits[1] | "+\(.line)\n\(.path)"')
equals "Down+Enter opens the second hit at its line" "$(cat "$WORK/edited" 2>/dev/null)" "$want"
wait_for "the view comes back after the editor" view "Esc quit"
contains "with the query as it was" "$shown" "> security guarantees"

tmux send-keys -t view Escape
wait_for "Esc leaves" view "exit 0"
contains "the screen before the view is back" "$shown" "BEFORE-VIEW"
contains "the last query is printed" "$shown" $'BEFORE-VIEW\nsecurity guarantees\nexit 0'
lacks "nothing of the view is left" "$shown" "Esc quit"

# ---- a query given, a resize, Ctrl-C --------------------------------------------
start resize -- security guarantees
wait_row "a query given is searched at once" resize 3 "$(place 1 'security guarantees')"
wait_row "the help is on the last row" resize 24 "Esc quit"
tmux resize-window -t resize -x 100 -y 30
wait_row "a resize redraws at the new size" resize 30 "Esc quit"
row=$(screen resize | sed -n 3p)
equals "the hit list spans the new width" "${#row}" 100
tmux send-keys -t resize C-c
wait_for "Ctrl-C leaves" resize "exit 0"
# a -word after a query word is a word of the query given, not options
start exclusion -- security -ukraine
wait_row "-word after a query word starts the view with it" exclusion 1 "> security -ukraine"
wait_row "and searches it" exclusion 3 "$(place 1 'security -ukraine')"
tmux send-keys -t exclusion Escape
wait_for "which leaves with hits" exclusion "exit 0"

# ---- bytes that are not UTF-8 ----------------------------------------------------
# A byte no UTF-8 character takes (0xE9 from a Latin-1 terminal, 0x80, 0xFF)
# or a character cut short (E2 82 then a letter) is dropped, and every key
# after it is still answered: no input leaves the view deaf.
for locale in C.UTF-8 C; do
    session=bytes-${locale//./-}
    start "$session" "LC_ALL=$locale" --
    wait_for "$locale: the view starts" "$session" "Esc quit"
    tmux send-keys -t "$session" -l machia
    tmux send-keys -t "$session" -H e9
    tmux send-keys -t "$session" -l vel
    tmux send-keys -t "$session" -H 80 ff e2 82
    tmux send-keys -t "$session" -l li
    wait_row "$locale: the keys after bytes that are not UTF-8 are typed" "$session" 1 "> machiavelli"
    wait_for "$locale: and searched" "$session" "$(place 1 machiavelli)"
    tmux send-keys -t "$session" Escape
    wait_for "$locale: Esc after them leaves" "$session" "exit 0"
    contains "$locale: the query printed holds none of them" "$shown" $'BEFORE-VIEW\nmachiavelli\nexit 0'
done
start whole --
wait_for "the view starts for a whole character" whole "Esc quit"
tmux send-keys -t whole -l machiavelli
tmux send-keys -t whole -H c3 a9
wait_row "a character in UTF-8 is typed" whole 1 $'> machiavelli\xc3\xa9'
tmux send-keys -t whole BSpace
wait_row "Backspace takes it back whole" whole 1 "> machiavelli"
lacks "none of its bytes is left" "$row" $'\xc3'
tmux send-keys -t whole C-c
wait_for "Ctrl-C leaves" whole "exit 0"

# ---- arrows in both cursor modes --------------------------------------------------
# ESC [ B (normal cursor mode, which some terminals send even after the view
# asks for application mode) and ESC O B (application mode) are both Down,
# and so for Up, Right, Left, Home and End; none is taken for Esc.
# preview_shows NAME N: the preview's rule names hit N of 'security guarantees'.
preview_shows() {
    wait_row "$1" arrows 11 "$(place "$2" 'security guarantees') "
}
last=$("${SEARCH[@]}" --json -n 50 'security guarantees' | jq '.hits | length')
start arrows -- security guarantees
preview_shows "the first hit is previewed" 1
tmux send-keys -t arrows -H 1b 5b 42
preview_shows "ESC [ B selects the next hit" 2
tmux send-keys -t arrows -H 1b 4f 42
preview_shows "ESC O B selects the next hit" 3
tmux send-keys -t arrows -H 1b 5b 41
preview_shows "ESC [ A selects the hit before" 2
tmux send-keys -t arrows -H 1b 4f 41
preview_shows "ESC O A selects the hit before" 1
tmux send-keys -t arrows -H 1b 5b 43 1b 5b 44 1b 4f 43 1b 4f 44 1b 5b 46
preview_shows "Right and Left in both forms do nothing; ESC [ F selects the last hit" "$last"
tmux send-keys -t arrows -H 1b 4f 48
preview_shows "ESC O H selects the first hit" 1
tmux send-keys -t arrows -H 1b 4f 46
preview_shows "ESC O F selects the last hit" "$last"
tmux send-keys -t arrows -H 1b 5b 48
preview_shows "ESC [ H selects the first hit" 1
contains "the query is as it was" "$(screen arrows | sed -n 1p)" "> security guarantees"
tmux send-keys -t arrows Escape
wait_for "a lone Esc still leaves" arrows "exit 0"
contains "with the query" "$shown" $'BEFORE-VIEW\nsecurity guarantees\nexit 0'

# ---- colour, NO_COLOR, control characters ---------------------------------------
start colour -- zanzibar
wait_for "an essay's escape sequence is shown as text" colour $'\xef\xbf\xbd[31mred'
coloured=$(screen colour -e)
contains "a match is red" "$coloured" $'\033[31mzanzibar'
start plain NO_COLOR=1 -- zanzibar
wait_for "NO_COLOR: the view is drawn" plain "Esc quit"
plain=$(screen plain -e)
lacks "NO_COLOR: no red" "$plain" $'\033[31m'
lacks "NO_COLOR: no magenta" "$plain" $'\033[35m'
contains "NO_COLOR: matches are still marked" "$plain" $'\033[1m'
start never -- --color=never zanzibar
wait_for "--color=never: the view is drawn" never "Esc quit"
lacks "--color=never: no colour" "$(screen never -e)" $'\033[31m'
tmux send-keys -t never -l xqzv
wait_for "a query with no hits says so" never "no hits"
tmux send-keys -t never Escape
wait_for "the exit status is 1 when the last query found nothing" never "exit 1"

echo "interactive.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
