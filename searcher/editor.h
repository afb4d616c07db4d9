/* editor.h -- open a place in an essay in the user's editor (editor.c):
 * what essay-search --edit and the Enter key of essay-search -i do. */
#ifndef ESSAY_SEARCH_EDITOR_H
#define ESSAY_SEARCH_EDITOR_H

/* Run $VISUAL, else $EDITOR, else vi, as "EDITOR +LINE PATH", and wait for
 * it.  Returns 0 when the editor exited with status 0; otherwise -1 and, in
 * *why, a malloc'd message saying what went wrong ("the editor 'vim' exited
 * with status 1"), for the caller to free(). */
int editor_open(const char *path, unsigned line, char **why);

#endif
