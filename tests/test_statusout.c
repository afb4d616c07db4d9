/* test_statusout.c -- Criterion tests of statusout.c: essay_index_info_write().
 *
 * The info is made by hand (no index needed), with a corpus path that is
 * gone and whose name needs quoting for a shell and holds an escape
 * sequence, a delta, a last update that skipped a file, and a sharded one
 * with a remote part.  The text is read for its lines; the JSON is parsed
 * back with jansson and read field by field.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

static essay_index_info info;
static essay_corpus_path paths[2];
static essay_skipped_file skipped[1];

static void setup(void)
{
    memset(&info, 0, sizeof info);
    paths[0] = (essay_corpus_path){ .path = "/essays", .present = 1 };
    paths[1] = (essay_corpus_path){ .path = "/old it's\033[31m", .present = 0 };
    skipped[0] = (essay_skipped_file){ .path = "/essays/bad.txt",
                                       .message = "/essays/bad.txt: not UTF-8 at byte 4" };
    info.path = "/ix";
    info.kind = ESSAY_KIND_INDEX;
    info.format = "1";
    info.language = "english";
    info.essays = 12;
    info.paragraphs = 340;
    info.words = 4567;
    info.essay_bytes = 100000;
    info.disk_bytes = 650000;
    info.has_delta = 1;
    info.delta_essays = 2;
    info.delta_paragraphs = 9;
    info.delta_disk_bytes = 20000;
    info.paths = paths;
    info.n_paths = 2;
    info.last_update = (essay_update_record){
        .kind = "update", .started = 1700000000, .seconds = 0.25, .added = 2, .unchanged = 10,
        .skipped = 1, .paragraphs = 9, .skipped_files = skipped, .n_skipped_files = 1,
    };
}

TestSuite(statusout, .init = setup);

/* What writing 'i' in 'format' gives, malloc'd. */
static char *written(const essay_index_info *i, essay_output format)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cr_assert_not_null(out);
    cr_assert_eq(essay_index_info_write(i, format, out), ESSAY_OK);
    fclose(out);
    return text;
}

Test(statusout, text_has_a_line_for_each_fact)
{
    char *text = written(&info, ESSAY_OUTPUT_TEXT);
    cr_assert_not_null(strstr(text, "index: /ix\n"), "%s", text);
    cr_assert_not_null(strstr(text, "format: 1, stemming english\n"), "%s", text);
    cr_assert_not_null(strstr(text, "essays: 12 (100.0 KB)\n"), "%s", text);
    cr_assert_not_null(strstr(text, "paragraphs: 340\n"), "%s", text);
    cr_assert_not_null(strstr(text, "words: 4567\n"), "%s", text);
    cr_assert_not_null(strstr(text, "on disk: 650.0 KB, 6.5 times the essays\n"), "%s", text);
    cr_assert_not_null(strstr(text, "delta: 2 essays, 9 paragraphs, 20.0 KB on disk"), "%s",
                       text);
    cr_assert_not_null(strstr(text, "path: /essays\n"), "%s", text);
    cr_assert_not_null(strstr(text, "2 added, 0 updated, 0 removed, 10 unchanged, 1 skipped\n"),
                       "%s", text);
    cr_assert_not_null(strstr(text, "skipped: /essays/bad.txt: not UTF-8 at byte 4\n"), "%s",
                       text);
    free(text);
}

Test(statusout, a_gone_path_comes_with_the_command_that_forgets_it)
{
    char *text = written(&info, ESSAY_OUTPUT_TEXT);
    cr_assert_null(strchr(text, '\033'), "no escape sequence reaches the terminal");
    cr_assert_not_null(strstr(text, "(gone; its essays stay until it is forgotten: essay-index "
                                    "--index /ix --forget '/old it'\\''s\xef\xbf\xbd[31m')"),
                       "%s", text);
    free(text);
}

Test(statusout, json_has_every_field)
{
    char *text = written(&info, ESSAY_OUTPUT_JSON);
    cr_assert_eq(strchr(text, '\n'), text + strlen(text) - 1, "one line");
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);
    cr_assert_not_null(j, "%s: %s", je.text, text);
    cr_assert_str_eq(json_string_value(json_object_get(j, "index")), "/ix");
    cr_assert_str_eq(json_string_value(json_object_get(j, "kind")), "index");
    cr_assert(json_is_null(json_object_get(j, "shard")));
    cr_assert_eq(json_integer_value(json_object_get(j, "essays")), 12);
    cr_assert_eq(json_integer_value(json_object_get(j, "words")), 4567);
    cr_assert_float_eq(json_real_value(json_object_get(j, "disk_ratio")), 6.5, 1e-9);
    json_t *delta = json_object_get(j, "delta");
    cr_assert_eq(json_integer_value(json_object_get(delta, "essays")), 2);
    cr_assert_eq(json_integer_value(json_object_get(delta, "disk_bytes")), 20000);
    json_t *gone = json_array_get(json_object_get(j, "paths"), 1);
    cr_assert(json_is_false(json_object_get(gone, "present")));
    cr_assert_str_eq(json_string_value(json_object_get(gone, "path")), "/old it's\033[31m",
                     "JSON keeps the name, escaped");
    cr_assert_not_null(strstr(json_string_value(json_object_get(gone, "forget")), "--forget"));
    cr_assert(json_is_null(json_object_get(json_array_get(json_object_get(j, "paths"), 0),
                                           "forget")));
    json_t *last = json_object_get(j, "last_update");
    cr_assert_str_eq(json_string_value(json_object_get(last, "time")), "2023-11-14T22:13:20Z");
    cr_assert_eq(json_integer_value(json_object_get(last, "skipped")), 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(last,
                         "skipped_files"), 0), "path")), "/essays/bad.txt");
    json_decref(j);
    free(text);
}

Test(statusout, nothing_recorded_is_null_and_said)
{
    info.last_update = (essay_update_record){ 0 };
    info.has_delta = 0;
    info.words = -1;
    char *text = written(&info, ESSAY_OUTPUT_TEXT);
    cr_assert_not_null(strstr(text, "last update: none recorded\n"), "%s", text);
    cr_assert_not_null(strstr(text, "delta: none\n"), "%s", text);
    cr_assert_null(strstr(text, "words:"), "%s", text);
    free(text);
    text = written(&info, ESSAY_OUTPUT_JSON);
    json_t *j = json_loads(text, 0, NULL);
    cr_assert(json_is_null(json_object_get(j, "last_update")));
    cr_assert(json_is_null(json_object_get(j, "delta")));
    cr_assert(json_is_null(json_object_get(j, "words")));
    json_decref(j);
    free(text);
}

Test(statusout, parts_are_listed)
{
    essay_index_info parts[2] = { { 0 }, { 0 } };
    parts[0] = info;
    parts[0].path = "/ix/shard0";
    parts[0].shard = "0/2";
    parts[0].n_paths = 0;
    parts[1].path = "remote 10.0.0.2:7000";
    parts[1].remote = 1;
    info.kind = ESSAY_KIND_SHARDED;
    info.parts = parts;
    info.n_parts = 2;
    char *text = written(&info, ESSAY_OUTPUT_TEXT);
    cr_assert_not_null(strstr(text, "index: /ix (2 parts, some remote)\n"), "%s", text);
    cr_assert_not_null(strstr(text, "part: /ix/shard0: 12 essays, 340 paragraphs"), "%s", text);
    cr_assert_not_null(strstr(text, "remote part: remote 10.0.0.2:7000\n"), "%s", text);
    free(text);
    text = written(&info, ESSAY_OUTPUT_JSON);
    json_t *j = json_loads(text, 0, NULL);
    cr_assert_str_eq(json_string_value(json_object_get(j, "kind")), "sharded");
    json_t *list = json_object_get(j, "parts");
    cr_assert_eq(json_array_size(list), 2);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 0), "shard")), "0/2");
    cr_assert_null(json_object_get(json_array_get(list, 0), "paths"), "the whole has the paths");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 1), "kind")),
                     "remote");
    json_decref(j);
    free(text);
}

Test(statusout, other_formats_are_bad_input)
{
    cr_assert_eq(essay_index_info_write(&info, ESSAY_OUTPUT_PATHS, stdout), ESSAY_BAD_ARGUMENT);
}
