/* editor.c -- open a place in an essay in the user's editor.
 *
 * The editor is $VISUAL, else $EDITOR, else vi, given "+LINE PATH", which
 * vi, vim, nano, emacs and micro all take.  The variable may hold arguments
 * ("emacs -nw", "code --wait"): the shell splits it into a command and its
 * arguments, as git and crontab have it do, with +LINE and PATH as the
 * shell's positional parameters, so that the path itself is never split or
 * expanded.  The shell looks the command up quietly before running it, so
 * that an editor that is not there is said once, in our words (the shell's
 * "sh: 1: vimm: not found" would come first otherwise).  While the editor runs we
 * ignore SIGINT and SIGQUIT, which the terminal sends to the editor and to
 * us alike: Ctrl-C in the editor is the editor's.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "editor.h"

#define SHELL_NOT_FOUND 127    /* the shell's status for a command it cannot find */
#define SHELL_NOT_RUNNABLE 126 /* and for a file it cannot run */

/* What the shell runs before the editor's words and "$@": a function that
 * runs its arguments as a command (after the NAME=VALUE words before it,
 * which it exports, as the shell would have), but first exits
 * SHELL_NOT_FOUND or SHELL_NOT_RUNNABLE, saying nothing, when the command
 * is not there or not a program. */
static const char run_editor[] =
    "run_editor() {\n"
    "    while case $1 in [A-Za-z_]*=*) export \"$1\" ;; *) false ;; esac; do shift; done\n"
    "    case $1 in\n"
    "    */*) [ -e \"$1\" ] || exit 127; [ -f \"$1\" ] && [ -x \"$1\" ] || exit 126 ;;\n"
    "    *) command -v \"$1\" >/dev/null 2>&1 || exit 127 ;;\n"
    "    esac\n"
    "    exec \"$@\"\n"
    "}\n"
    "run_editor ";

/* The editor command the user chose. */
static const char *editor_command(void)
{
    const char *names[] = { "VISUAL", "EDITOR" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *value = getenv(names[i]);
        if (value != NULL && value[0] != '\0')
            return value;
    }
    return "vi";
}

/* Say, in *why, how the editor 'editor' ended with wait status 'status'. */
static void explain(const char *editor, int status, char **why)
{
    int n;
    if (WIFEXITED(status) && WEXITSTATUS(status) == SHELL_NOT_FOUND)
        n = asprintf(why, "cannot run the editor '%s': no such command (set VISUAL or EDITOR)",
                     editor);
    else if (WIFEXITED(status) && WEXITSTATUS(status) == SHELL_NOT_RUNNABLE)
        n = asprintf(why, "cannot run the editor '%s': not a program (set VISUAL or EDITOR)",
                     editor);
    else if (WIFEXITED(status))
        n = asprintf(why, "the editor '%s' exited with status %d", editor, WEXITSTATUS(status));
    else
        n = asprintf(why, "the editor '%s' was killed by signal %d", editor, WTERMSIG(status));
    if (n < 0)
        *why = NULL;
}

int editor_open(const char *path, unsigned line, char **why)
{
    *why = NULL;
    const char *editor = editor_command();
    char plus[16], *script = NULL;
    snprintf(plus, sizeof plus, "+%u", line);
    if (asprintf(&script, "%s%s \"$@\"", run_editor, editor) < 0) {
        *why = strdup("out of memory");
        return -1;
    }
    struct sigaction ignore = { .sa_handler = SIG_IGN }, old_int, old_quit;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);
    int status = -1;
    pid_t pid = fork();
    if (pid == 0) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        execl("/bin/sh", "sh", "-c", script, editor, plus, path, (char *)NULL);
        _exit(SHELL_NOT_FOUND);
    }
    int failed_errno = pid < 0 ? errno : 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    free(script);
    if (pid < 0) {
        if (asprintf(why, "cannot start the editor '%s': %s", editor, strerror(failed_errno)) < 0)
            *why = NULL;
        return -1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    explain(editor, status, why);
    return -1;
}
