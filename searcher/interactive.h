/* interactive.h -- essay-search -i, the full-screen view that searches as
 * you type (interactive.c). */
#ifndef ESSAY_SEARCH_INTERACTIVE_H
#define ESSAY_SEARCH_INTERACTIVE_H

#include "essay.h"

/* What the view asks of each search, unless the command line says (--limit):
 * the hits it lists, and snippets that are whole paragraphs (the longest
 * paragraph the indexer keeps is 16384 bytes), for the preview to show the
 * paragraph with every match highlighted.  bench/keystrokes.c measures the
 * search behind a keystroke with the same. */
#define INTERACTIVE_HITS 50
#define INTERACTIVE_SNIPPET_CHARS 16384

typedef struct {
    const char *query;      /* to start with, or NULL */
    int color;              /* colours (else attributes only: bold, dim, reverse) */
    unsigned before, after; /* paragraphs of context around the previewed hit */
} interactive_settings;

/* Run the view on 's' until the user leaves it, each search with 'opt'
 * (whose limit and snippet_chars the caller sets).  Standard input and
 * output must be a terminal.  The last query is printed on standard output
 * on the way out.  Returns the exit status: 0 when the last query had hits,
 * 1 when it had none, 2 when the terminal could not be used. */
int interactive_run(essay_searcher *s, const essay_search_options *opt,
                    const interactive_settings *settings);

#endif
