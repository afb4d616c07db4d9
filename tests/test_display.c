/* test_display.c -- unit tests of core/display.c: untrusted text (a file
 * name, a message naming one) written for a terminal, and repaired for JSON.
 *
 * The hostile name is the one of issue 21: an OSC title sequence, a bell, a
 * clear-screen sequence, a stray byte 0x9b (CSI to an 8-bit terminal) and a
 * newline; bidirectional overrides and line separators are shown likewise,
 * and in a program's message line (essay_write_message()) and a safe copy
 * (essay_safe_copy()).  essay_results_write() is tested with essay text in
 * test_output.c.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

#define FFFD "\xef\xbf\xbd"

/* What essay_write_safe() writes for 'text' (malloc'd). */
static char *shown(const char *text)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    cr_assert_not_null(out);
    essay_write_safe(out, text);
    cr_assert_eq(fclose(out), 0);
    return buf;
}

Test(display, control_characters_in_a_name_are_shown_as_fffd)
{
    char *s = shown("x\033]0;pwned\007\033[2Jy\x9b" "31m\nz.txt: not UTF-8");
    cr_assert_str_eq(s, "x" FFFD "]0;pwned" FFFD FFFD "[2Jy" FFFD "31m" FFFD "z.txt: not UTF-8");
    free(s);
}

Test(display, encoded_c1_and_del_are_shown_as_fffd)
{
    char *s = shown("a\xc2\x9b" "b\x7f" "c\r");
    cr_assert_str_eq(s, "a" FFFD "b" FFFD "c" FFFD);
    free(s);
}

/* Text that reorders what follows it on the terminal ("Trojan Source"), or
 * breaks the line, is shown as U+FFFD: the embeddings, overrides and
 * isolates U+202A..U+202E and U+2066..U+2069, and U+2028, U+2029.  Their
 * neighbours U+2027, U+202F, U+2065 and U+206A are text. */
Test(display, bidi_controls_and_separators_are_shown_as_fffd)
{
    static const char *const unsafe[] = {
        "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac",
        "\xe2\x80\xad", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8",
        "\xe2\x81\xa9",
    };
    for (size_t i = 0; i < sizeof unsafe / sizeof unsafe[0]; i++) {
        char text[32], *s;
        snprintf(text, sizeof text, "a%sb", unsafe[i]);
        s = shown(text);
        cr_assert_str_eq(s, "a" FFFD "b", "character %zu", i);
        free(s);
    }
    char *s = shown("\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
    cr_assert_str_eq(s, "\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
    free(s);
}

/* UTF-8 whose continuation bytes fall in 0x80..0x9f is text, and a byte
 * that is not UTF-8 but no control passes: a name need not be UTF-8. */
Test(display, other_bytes_pass)
{
    char *s = shown("\xc5\x81\xc3\xb3" "d\xc5\xba \xe2\x80\x94 \xff.txt");
    cr_assert_str_eq(s, "\xc5\x81\xc3\xb3" "d\xc5\xba \xe2\x80\x94 \xff.txt");
    free(s);
}

Test(display, utf8_repair_keeps_valid_text)
{
    char *s = essay_utf8_repair("\xc5\x81\xc3\xb3" "d\xc5\xba \xf0\x9f\x93\x9a \033[2J");
    cr_assert_str_eq(s, "\xc5\x81\xc3\xb3" "d\xc5\xba \xf0\x9f\x93\x9a \033[2J");
    free(s);
}

/* Each stray byte, truncated sequence, overlong form or surrogate: one U+FFFD
 * a byte, the valid characters around them kept. */
Test(display, utf8_repair_replaces_each_bad_byte)
{
    char *s = essay_utf8_repair("a\x9b" "b\xff\xc5" "c\xc0\xaf" "d\xed\xa0\x80" "e\xc5");
    cr_assert_str_eq(s, "a" FFFD "b" FFFD FFFD "c" FFFD FFFD "d" FFFD FFFD FFFD "e" FFFD);
    free(s);
}

/* A program's message line: the formatted message shown safely, the
 * program's own prefix and the newline as they are. */
Test(display, a_message_line_shows_its_arguments_safely)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    cr_assert_not_null(out);
    essay_write_message(out, "prog", "did you mean: %s (%d)", "war\033[2J\xe2\x80\xae", 7);
    cr_assert_eq(fclose(out), 0);
    cr_assert_str_eq(buf, "prog: did you mean: war" FFFD "[2J" FFFD " (7)\n");
    free(buf);
}

/* A safe copy is what essay_write_safe() writes, of part of a string. */
Test(display, a_safe_copy_holds_what_would_be_written)
{
    const char *text = "x\033[2Jy\xe2\x80\xae" "z and the rest";
    char *copy = essay_safe_copy(text, 10);
    cr_assert_str_eq(copy, "x" FFFD "[2Jy" FFFD "z");
    free(copy);
    copy = essay_safe_copy(text, 0);
    cr_assert_str_eq(copy, "");
    free(copy);
}
