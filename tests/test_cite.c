/* test_cite.c -- unit tests of core/cite.c: a paragraph's anchor stays the
 * same when its essay is re-indexed with the paragraph reworded only in
 * case, punctuation or spacing, or put under a new heading; essay_anchor_find()
 * finds it where it moved, reports a changed paragraph with its similarity
 * and a gone one as not found; the references essay_cite_write() writes are
 * checked field by field (BibTeX) and parsed back (CSL-JSON, with jansson).
 */
#include <criterion/criterion.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static char dir[] = "/tmp/essay-test-cite.XXXXXX";
static char *index_path;

#define PATH "/cite/a.txt"
#define HEAD "---\ntitle: On {Rivers}\nauthor: Ann & Bo\ndate: 2020-03-01\n---\n\n"
#define RIVER "The river ran past the old mill, slow and brown in the heat of summer."
#define STONE "A second paragraph, about stones and the walls they make."
#define BRIDGE "The third one speaks of bridges and of those who cross them at night."

/* Index 'text' as the essay PATH (again: it replaces the last version). */
static void index_text(const char *text)
{
    const char *const essay[][2] = { { PATH, text } };
    fixture_index(index_path, essay, 1);
}

static essay_searcher *open_searcher(void)
{
    essay_searcher *s;
    char *err = NULL;
    cr_assert_eq(essay_searcher_open(index_path, &s, &err), ESSAY_OK, "%s", err);
    return s;
}

/* The results of 'query' in the index as it is now, and its searcher in *s. */
static essay_results *search(const char *query, essay_searcher **s)
{
    *s = open_searcher();
    essay_search_options opt = essay_search_defaults();
    essay_results *r;
    char *err = NULL;
    cr_assert_eq(essay_search(*s, query, &opt, &r, &err), ESSAY_OK, "%s", err);
    cr_assert_gt(essay_results_count(r), 0, "nothing matches %s", query);
    return r;
}

/* The anchor of the first hit of 'query'. */
static void anchor_of(const char *query, char anchor[ESSAY_ANCHOR_SIZE])
{
    essay_searcher *s;
    essay_results *r = search(query, &s);
    cr_assert_eq(essay_hit_anchor(s, essay_results_hit(r, 0), anchor), ESSAY_OK);
    essay_results_free(r);
    essay_searcher_close(s);
}

/* essay_anchor_find() of 'anchor' in the index as it is now. */
static essay_status find(const char *anchor, essay_anchor_match *m, char **err)
{
    essay_searcher *s = open_searcher();
    essay_status st = essay_anchor_find(s, anchor, m, err);
    essay_searcher_close(s);
    return st;
}

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_gt(asprintf(&index_path, "%s/index", dir), 0);
    index_text(HEAD RIVER "\n\n" STONE "\n\n" BRIDGE "\n");
}

static void teardown(void)
{
    essay__remove_tree(dir, NULL);
    free(index_path);
}

TestSuite(cite, .init = setup, .fini = teardown);

Test(cite, anchor_has_its_form_and_names_the_essay)
{
    char anchor[ESSAY_ANCHOR_SIZE], id[17];
    anchor_of("river", anchor);
    essay__essay_id(PATH, id);
    cr_assert_eq(strlen(anchor), ESSAY_ANCHOR_SIZE - 1);
    cr_assert_eq(strncmp(anchor, id, 16), 0);
    cr_assert_eq(anchor[16], '-');
    cr_assert_eq(anchor[25], '-');
}

Test(cite, anchor_stable_across_reindexing_and_rewording_in_form_only)
{
    char before[ESSAY_ANCHOR_SIZE], after[ESSAY_ANCHOR_SIZE];
    anchor_of("river", before);
    index_text(HEAD RIVER "\n\n" STONE "\n\n" BRIDGE "\n");
    anchor_of("river", after);
    cr_assert_str_eq(after, before);
    /* case, punctuation, spacing, an inflection and a heading over it */
    index_text(HEAD "A heading\n\nTHE river -- ran past the old mill; slow and brown,\n"
               "in the heat of summers!\n\n" STONE "\n");
    anchor_of("river", after);
    cr_assert_str_eq(after, before);
    anchor_of("stones", after);
    cr_assert_str_neq(after, before);
}

Test(cite, moved_paragraph_found_where_it_is_now)
{
    char anchor[ESSAY_ANCHOR_SIZE];
    anchor_of("bridges", anchor);
    index_text(HEAD "A new first paragraph.\n\n" BRIDGE "\n\n" RIVER "\n\n" STONE "\n");
    essay_anchor_match m;
    char *err = NULL;
    cr_assert_eq(find(anchor, &m, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(m.changed, 0);
    cr_assert_eq(m.similarity, 1.0);
    cr_assert_eq(m.paragraph, 2);
    cr_assert_eq(m.line, 9);
    cr_assert_str_eq(m.text, BRIDGE);
    cr_assert_str_eq(m.path, PATH);
    cr_assert_str_eq(m.title, "On {Rivers}");
    cr_assert_str_eq(m.anchor, anchor);
    essay_anchor_clear(&m);
}

Test(cite, changed_text_reported_with_its_similarity)
{
    char anchor[ESSAY_ANCHOR_SIZE];
    anchor_of("river", anchor);
    index_text(HEAD STONE "\n\nThe river ran past the old mill, slow and green in the heat of "
               "summer.\n\n" BRIDGE "\n");
    essay_anchor_match m;
    char *err = NULL;
    cr_assert_eq(find(anchor, &m, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(m.changed, 1);
    cr_assert_geq(m.similarity, ESSAY_ANCHOR_MIN_SIMILARITY);
    cr_assert_lt(m.similarity, 1.0);
    cr_assert_eq(m.paragraph, 2);
    cr_assert_not_null(strstr(m.text, "green"));
    cr_assert_str_neq(m.anchor, anchor);
    essay_anchor_clear(&m);
}

Test(cite, gone_paragraph_and_gone_essay_not_found)
{
    char anchor[ESSAY_ANCHOR_SIZE];
    anchor_of("river", anchor);
    index_text(HEAD STONE "\n\nNothing of water is left in this one at all.\n\n" BRIDGE "\n");
    essay_anchor_match m;
    char *err = NULL;
    cr_assert_eq(find(anchor, &m, &err), ESSAY_NOT_FOUND);
    cr_assert_not_null(strstr(err, "its paragraph is gone from " PATH), "%s", err);
    cr_assert_null(m.text);
    free(err);
    err = NULL;
    anchor[0] = anchor[0] == '0' ? '1' : '0';   /* another essay, never indexed */
    cr_assert_eq(find(anchor, &m, &err), ESSAY_NOT_FOUND);
    cr_assert_not_null(strstr(err, "its essay is not indexed"), "%s", err);
    free(err);
}

Test(cite, what_is_not_an_anchor_is_bad_input)
{
    const char *bad[] = { "", "river", "0123456789abcdef-01234567", "0123456789abcdef-0123456-"
                          "012345678", "0123456789ABCDEF-01234567-01234567" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        essay_anchor_match m;
        char *err = NULL;
        cr_assert_eq(find(bad[i], &m, &err), ESSAY_BAD_ARGUMENT, "%s", bad[i]);
        cr_assert_not_null(strstr(err, "is not an anchor"));
        free(err);
    }
}

/* What essay_cite_write() writes for the first hit of "river" in 'style'. */
static char *cite(essay_cite_style style, char anchor[ESSAY_ANCHOR_SIZE])
{
    anchor_of("river", anchor);
    essay_searcher *s;
    essay_results *r = search("river", &s);
    essay_results_truncate(r, 1);
    char *buf = NULL, *err = NULL;
    size_t size;
    FILE *out = open_memstream(&buf, &size);
    cr_assert_eq(essay_cite_write(r, style, out, &err), ESSAY_OK, "%s", err);
    fclose(out);
    essay_results_free(r);
    essay_searcher_close(s);
    return buf;
}

Test(cite, text_reference)
{
    char anchor[ESSAY_ANCHOR_SIZE], *want;
    char *got = cite(ESSAY_CITE_TEXT, anchor);
    cr_assert_gt(asprintf(&want, "Ann & Bo, \xe2\x80\x9cOn {Rivers}\xe2\x80\x9d, 2020-03-01, "
                          PATH ", paragraph 1, anchor %s\n", anchor), 0);
    cr_assert_str_eq(got, want);
    free(want);
    free(got);
}

Test(cite, bibtex_field_by_field)
{
    char anchor[ESSAY_ANCHOR_SIZE], *want[7];
    char *got = cite(ESSAY_CITE_BIBTEX, anchor);
    cr_assert_gt(asprintf(&want[0], "@misc{%s,", anchor), 0);
    want[1] = strdup("  author = {Ann \\& Bo},");
    want[2] = strdup("  title = {On \\{Rivers\\}},");
    want[3] = strdup("  date = {2020-03-01},");
    want[4] = strdup("  year = {2020},");
    cr_assert_gt(asprintf(&want[5], "  note = {" PATH ", paragraph 1, anchor %s}", anchor), 0);
    want[6] = strdup("}");
    char *line = got, *end;
    for (size_t i = 0; i < 7; i++, line = end + 1) {
        cr_assert_not_null(end = strchr(line, '\n'), "line %zu missing", i + 1);
        *end = '\0';
        cr_assert_str_eq(line, want[i]);
        free(want[i]);
    }
    cr_assert_str_eq(line, "\n");
    free(got);
}

Test(cite, csl_json_parsed_back)
{
    char anchor[ESSAY_ANCHOR_SIZE];
    char *got = cite(ESSAY_CITE_CSL_JSON, anchor);
    json_error_t error;
    json_t *items = json_loads(got, 0, &error);
    cr_assert_not_null(items, "%s: %s", error.text, got);
    cr_assert_eq(json_array_size(items), 1);
    json_t *item = json_array_get(items, 0);
    cr_assert_str_eq(json_string_value(json_object_get(item, "id")), anchor);
    cr_assert_str_eq(json_string_value(json_object_get(item, "type")), "document");
    cr_assert_str_eq(json_string_value(json_object_get(item, "title")), "On {Rivers}");
    json_t *author = json_array_get(json_object_get(item, "author"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(author, "literal")), "Ann & Bo");
    json_t *parts = json_array_get(json_object_get(json_object_get(item, "issued"),
                                                   "date-parts"), 0);
    cr_assert_eq(json_array_size(parts), 3);
    cr_assert_eq(json_integer_value(json_array_get(parts, 0)), 2020);
    cr_assert_eq(json_integer_value(json_array_get(parts, 1)), 3);
    cr_assert_eq(json_integer_value(json_array_get(parts, 2)), 1);
    json_t *custom = json_object_get(item, "custom");
    cr_assert_str_eq(json_string_value(json_object_get(custom, "anchor")), anchor);
    cr_assert_str_eq(json_string_value(json_object_get(custom, "path")), PATH);
    cr_assert_eq(json_integer_value(json_object_get(custom, "paragraph")), 1);
    cr_assert_eq(json_integer_value(json_object_get(custom, "line")), 7);
    json_decref(items);
    free(got);
}
