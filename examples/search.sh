#!/bin/sh
# search.sh -- which essays answer a query best: essay-search's --jsonl
# output (one hit object a line) read with jq.  It asks for the 50 best
# paragraphs, groups them by essay and prints, best essay first, how many of
# those paragraphs each essay holds, its title and the path:line of its best
# paragraph.
#
#   examples/search.sh [essay-search options] QUERY...
#
# Exit status is essay-search's: 0 hits, 1 none, 2 error.
set -eu
hits=$(essay-search --jsonl --limit 50 "$@")
printf '%s\n' "$hits" | jq -rs '
    group_by(.path)
    | map({best: min_by(.rank), paragraphs: length})
    | sort_by(.best.rank)[]
    | "\(.paragraphs)\t\(.best.title)\t\(.best.path):\(.best.line)"'
