/* test_schema.c -- unit tests of core/schema.c: the essay id and the
 * document data both halves of the library must agree on byte for byte.
 *
 * The essay id is checked against an FNV-1a-64 value computed independently
 * (python3).  Document data is packed and unpacked again field by field,
 * with every field set, with the optional author and date empty, with a
 * text holding the separator byte (0x1f) and other control bytes, and with
 * the largest line and paragraph numbers; then data that is not in the
 * format (too few fields, numbers that are not plain decimal or do not fit)
 * must be refused rather than half-read.  A line map gives each byte of the
 * text the line it was read from, and a damaged one never more than it holds.
 */
#include <criterion/criterion.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

TestSuite(schema);

/* ---- essay id ------------------------------------------------------------ */

Test(schema, essay_id_is_the_hex_fnv1a_of_the_path)
{
    char id[17];
    essay__essay_id("/home/reader/essays/kuleba.txt", id);
    cr_assert_str_eq(id, "eace51448b1de387");   /* python3, FNV-1a-64 */
    essay__essay_id("", id);
    cr_assert_str_eq(id, "cbf29ce484222325");   /* the offset basis itself */
}

Test(schema, essay_ids_have_sixteen_hex_digits_and_differ_by_path)
{
    char a[17], b[17];
    essay__essay_id("/corpus/a.txt", a);
    essay__essay_id("/corpus/b.txt", b);
    cr_assert_eq(strlen(a), 16);
    cr_assert_eq(strspn(a, "0123456789abcdef"), 16, "id %s is not lowercase hex", a);
    cr_assert_str_neq(a, b);
    /* Leading zeros are kept: the id is always 16 digits. */
    char id[17];
    for (int i = 0; i < 256; i++) {
        char path[32];
        snprintf(path, sizeof path, "/p%d", i);
        essay__essay_id(path, id);
        cr_assert_eq(strlen(id), 16, "id of %s: %s", path, id);
    }
}

/* ---- document data --------------------------------------------------------- */

static essay_docdata docdata(const char *path, const char *title, const char *author,
                             const char *date, const char *text, size_t text_len, unsigned line,
                             unsigned paragraph)
{
    essay_docdata d = {
        .path = path, .path_len = strlen(path),
        .title = title, .title_len = strlen(title),
        .author = author, .author_len = author ? strlen(author) : 0,
        .date = date, .date_len = date ? strlen(date) : 0,
        .text = text, .text_len = text_len,
        .line = line, .paragraph = paragraph,
    };
    return d;
}

static void assert_field(const char *got, size_t got_len, const char *want, size_t want_len,
                         const char *name)
{
    cr_assert_eq(got_len, want_len, "%s: length %zu, wanted %zu", name, got_len, want_len);
    if (want_len > 0)   /* an absent author or date is NULL */
        cr_assert_eq(memcmp(got, want, want_len), 0, "%s differs", name);
}

/* Pack 'in', unpack the result and check every field came back. */
static void assert_round_trip(const essay_docdata *in)
{
    size_t len = 0;
    char *buf = essay__docdata_pack(in, &len);
    cr_assert_not_null(buf);
    cr_assert_eq(buf[len], '\0', "packed data is NUL-terminated");
    essay_docdata out;
    cr_assert_eq(essay__docdata_unpack(buf, len, &out), 0);
    assert_field(out.path, out.path_len, in->path, in->path_len, "path");
    assert_field(out.title, out.title_len, in->title, in->title_len, "title");
    assert_field(out.author, out.author_len, in->author, in->author_len, "author");
    assert_field(out.date, out.date_len, in->date, in->date_len, "date");
    assert_field(out.text, out.text_len, in->text, in->text_len, "text");
    cr_assert_eq(out.line, in->line);
    cr_assert_eq(out.paragraph, in->paragraph);
    /* The fields are borrowed from the buffer, not copied. */
    cr_assert(out.path >= buf && out.text + out.text_len <= buf + len);
    free(buf);
}

Test(schema, docdata_round_trip_with_every_field)
{
    const char *text = "After the frenzied summitry in Anchorage, one thing is certain.";
    essay_docdata d = docdata("/corpus/kuleba.txt", "What Ukraine needs", "Dmytro Kuleba",
                              "2025-09-04", text, strlen(text), 17, 6);
    assert_round_trip(&d);
}

Test(schema, docdata_round_trip_without_author_and_date)
{
    const char *text = "Ukraine is not just a battlefield.";
    essay_docdata d = docdata("/c/m.txt", "Ukraine", NULL, NULL, text, strlen(text), 1, 1);
    assert_round_trip(&d);
    size_t len;
    char *buf = essay__docdata_pack(&d, &len);
    essay_docdata out;
    cr_assert_eq(essay__docdata_unpack(buf, len, &out), 0);
    cr_assert_eq(out.author_len, 0);
    cr_assert_eq(out.date_len, 0);
    free(buf);
}

Test(schema, docdata_text_may_hold_the_separator_and_control_bytes)
{
    const char text[] = "unit\x1fseparated\x1f\x1f text \x1b[31m with\r\n a bell\a and \xc2\x9b";
    essay_docdata d = docdata("/c/odd.txt", "Odd", "A", "2024", text, sizeof text - 1, 3, 2);
    assert_round_trip(&d);
}

Test(schema, docdata_round_trip_of_empty_text_and_extreme_numbers)
{
    essay_docdata d = docdata("/c/e.txt", "", NULL, NULL, "", 0, UINT_MAX, UINT_MAX);
    assert_round_trip(&d);
    essay_docdata zero = docdata("p", "t", NULL, NULL, "x", 1, 0, 0);
    assert_round_trip(&zero);
}

Test(schema, docdata_layout_is_the_documented_one)
{
    essay_docdata d = docdata("/p", "T", "A", "2025", "body", 4, 7, 3);
    size_t len;
    char *buf = essay__docdata_pack(&d, &len);
    const char want[] = "/p\x1fT\x1f" "A\x1f" "2025\x1f" "7\x1f" "3\x1f" "body";
    cr_assert_eq(len, sizeof want - 1);
    cr_assert_eq(memcmp(buf, want, len), 0);
    free(buf);
}

/* ---- line maps ------------------------------------------------------------- */

Test(schema, line_map_round_trip_gives_the_line_of_every_byte)
{
    /* "Walden\nI went to the woods because I wished to live": line 1, the
     * text from line 3 (a blank line between), line 4 from "because" */
    const char *text = "Walden\nI went to the woods because I wished to live";
    const essay_line_start starts[] = { { 7, 3, 0 }, { 26, 4, 0 } };
    essay_docdata d = docdata("/w.txt", "Walden", NULL, NULL, text, strlen(text), 1, 1);
    d.line_starts = starts;
    d.n_line_starts = 2;
    size_t len;
    char *buf = essay__docdata_pack(&d, &len);
    cr_assert_not_null(buf);
    cr_assert_not_null(memmem(buf, len, "\x1f" "1 7+2 19\x1f" "1\x1f", 9), "line field: %s", buf);
    essay_docdata out;
    cr_assert_eq(essay__docdata_unpack(buf, len, &out), 0);
    cr_assert_eq(out.line, 1);
    cr_assert_eq(out.text_len, strlen(text));
    for (size_t offset = 0; offset < strlen(text); offset++) {
        unsigned want = offset < 7 ? 1 : offset < 26 ? 3 : 4;
        cr_assert_eq(essay__line_at(out.line, out.line_map, out.line_map_len, offset), want,
                     "byte %zu", offset);
    }
    free(buf);
}

Test(schema, data_without_a_line_map_puts_every_byte_on_its_first_line)
{
    essay_docdata out;
    const char data[] = "/p\x1fT\x1f" "A\x1f" "2025\x1f" "7\x1f" "3\x1f" "a long body";
    cr_assert_eq(essay__docdata_unpack(data, sizeof data - 1, &out), 0);
    cr_assert_eq(out.line_map_len, 0);
    cr_assert_eq(essay__line_at(out.line, out.line_map, out.line_map_len, 0), 7);
    cr_assert_eq(essay__line_at(out.line, out.line_map, out.line_map_len, 9), 7);
}

Test(schema, a_damaged_line_map_gives_the_lines_read_before_the_damage)
{
    cr_assert_eq(essay__line_at(5, " 3 x 4", 6, 100), 6);
    cr_assert_eq(essay__line_at(5, " 3+", 3, 100), 5);
    cr_assert_eq(essay__line_at(5, " 3+4294967295", 13, 100), 5);    /* past UINT_MAX */
    cr_assert_eq(essay__line_at(5, " 99999999999999999999999 2", 26, 100), 5);
    cr_assert_eq(essay__line_at(5, "", 0, 100), 5);
}

/* ---- malformed data ---------------------------------------------------------- */

static void assert_rejected(const char *data, size_t len)
{
    essay_docdata d;
    cr_assert_eq(essay__docdata_unpack(data, len, &d), -1, "accepted malformed data '%.*s'",
                 (int)len, data);
}

#define REJECTED(literal) assert_rejected(literal, sizeof literal - 1)

Test(schema, unpack_rejects_too_few_fields)
{
    REJECTED("");
    REJECTED("just some text");
    REJECTED("/p\x1fT\x1f" "A\x1f" "2025\x1f" "7");          /* no paragraph, no text */
    REJECTED("/p\x1fT\x1f" "A\x1f" "2025\x1f" "7\x1f" "3");   /* the last separator missing */
}

Test(schema, unpack_rejects_numbers_that_are_not_plain_decimal)
{
    REJECTED("/p\x1fT\x1f" "A\x1f" "2025\x1f" "x7\x1f" "3\x1f" "body");
    REJECTED("/p\x1fT\x1f" "A\x1f" "2025\x1f" "7x\x1f" "3\x1f" "body");
    REJECTED("/p\x1fT\x1f" "A\x1f" "2025\x1f" "7\x1f" "3.5\x1f" "body");
    REJECTED("/p\x1fT\x1f" "A\x1f" "2025\x1f" "\x1f" "3\x1f" "body");      /* empty line */
    REJECTED("/p\x1fT\x1f" "A\x1f" "2025\x1f" "7\x1f" "\x1f" "body");      /* empty paragraph */
    REJECTED("/p\x1fT\x1f" "A\x1f" "2025\x1f" "-1\x1f" "3\x1f" "body");
    REJECTED("/p\x1fT\x1f" "A\x1f" "2025\x1f" " 7\x1f" "3\x1f" "body");
    REJECTED("/p\x1fT\x1f" "A\x1f" "2025\x1f" "+7\x1f" "3\x1f" "body");
}

Test(schema, unpack_rejects_numbers_too_large)
{
    REJECTED("/p\x1fT\x1f" "A\x1f" "2025\x1f" "4294967296\x1f" "3\x1f" "body");
    REJECTED("/p\x1fT\x1f" "A\x1f" "2025\x1f" "7\x1f" "99999999999999999999999\x1f" "body");
}

Test(schema, unpack_reads_only_the_given_bytes)
{
    /* The separator after the paragraph number lies just past 'len': the
     * data must be refused, not read beyond its end. */
    const char data[] = "/p\x1fT\x1f" "A\x1f" "2025\x1f" "7\x1f" "3\x1f" "body";
    size_t cut = (size_t)(strstr(data, "3\x1f") - data) + 1;
    char *exact = malloc(cut);
    memcpy(exact, data, cut);
    assert_rejected(exact, cut);
    free(exact);
}
