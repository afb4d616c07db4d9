/* test_facets.c -- unit tests of core/facets.c and core/timeline.c, which
 * lays out its year and month facets in time: what
 * essay_results_count_facets() counts and essay_results_timeline() gives,
 * against a fixture of six small essays whose counts are known by hand (who
 * wrote each, when, and which of its paragraphs say "river").
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static char dir[] = "/tmp/essay-test-facets.XXXXXX";
static char *index_path;
static essay_searcher *searcher;

/* river: a 2 of 3 paragraphs, b 1 of 2, c 1, d 2 (no author, no date), e
 * none; f holds "river" and "stone" in two paragraphs, never together. */
static const char *const essays[][2] = {
    { "/facets/a.txt", "---\ntitle: T\nauthor: Ann\ndate: 2020-03-01\n---\n\nThe river ran.\n\n"
                       "A river again.\n\nNothing here.\n" },
    { "/facets/b.txt", "---\ntitle: T\nauthor: Ann\ndate: 2021-07\n---\n\nBy the river.\n\n"
                       "Dry land.\n" },
    { "/facets/c.txt", "---\ntitle: T\nauthor: Bob\ndate: 2021\n---\n\nRivers rise.\n" },
    { "/facets/d.txt", "Untitled\n\nA river.\n\nThe same river.\n" },
    { "/facets/e.txt", "---\ntitle: T\nauthor: Bob\ndate: 2019-01-01\n---\n\n"
                       "No water at all.\n" },
    { "/facets/f.txt", "---\ntitle: T\nauthor: Cy\ndate: 2022-01-05\n---\n\nThe river bends.\n\n"
                       "A stone sits.\n" },
};

static void setup(void)
{
    fixture_open(dir, essays, sizeof essays / sizeof *essays, &index_path, &searcher);
}

static void teardown(void)
{
    fixture_close(dir, index_path, searcher);
}

TestSuite(facets, .init = setup, .fini = teardown);

/* The results of 'query' (a stream) with their facets counted. */
static essay_results *facets_of(const char *query)
{
    essay_results *r;
    char *err = NULL;
    essay_search_options o = essay_search_defaults();
    o.limit = 1;        /* facets count every match, not the hits asked for */
    cr_assert_eq(essay_search_stream(searcher, query, &o, &r, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_results_count_facets(searcher, r, 1u << ESSAY_FACET_AUTHOR, &err),
                 ESSAY_OK, "%s", err);
    return r;
}

/* Facet 'f' of 'r' as "value:essays/paragraphs " for each value, in order. */
static char *described(const essay_results *r, essay_facet f)
{
    static char text[512];
    text[0] = '\0';
    size_t n;
    const essay_facet_count *c = essay_results_facet(r, f, &n);
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used, "%s:%zu/%zu ", c[i].value, c[i].essays,
                 c[i].paragraphs);
    }
    return text;
}

Test(facets, authors_years_and_months_count_essays_and_their_paragraphs)
{
    essay_results *r = facets_of("river");
    cr_assert_str_eq(described(r, ESSAY_FACET_AUTHOR), "Ann:2/3 Bob:1/1 Cy:1/1 ");
    cr_assert_str_eq(described(r, ESSAY_FACET_YEAR), "2021:2/2 2020:1/2 2022:1/1 ");
    cr_assert_str_eq(described(r, ESSAY_FACET_MONTH), "2020-03:1/2 2021-07:1/1 2022-01:1/1 ");
    essay_results_free(r);
}

Test(facets, essays_count_their_paragraphs_with_their_titles)
{
    essay_results *r = facets_of("river");
    cr_assert_str_eq(described(r, ESSAY_FACET_ESSAY),
                     "/facets/a.txt:1/2 /facets/d.txt:1/2 /facets/b.txt:1/1 /facets/c.txt:1/1 "
                     "/facets/f.txt:1/1 ");
    size_t n;
    const essay_facet_count *c = essay_results_facet(r, ESSAY_FACET_ESSAY, &n);
    cr_assert_str_eq(c[1].title, "Untitled");
    cr_assert_null(essay_results_facet(r, ESSAY_FACET_AUTHOR, &n)[0].title);
    essay_results_free(r);
}

Test(facets, an_essay_holding_the_words_apart_counts_under_the_essay_unit)
{
    essay_results *r = facets_of("river stone");
    cr_assert_str_eq(described(r, ESSAY_FACET_AUTHOR), "Cy:1/2 ");
    cr_assert_str_eq(described(r, ESSAY_FACET_ESSAY), "/facets/f.txt:1/2 ");
    essay_results_free(r);
}

Test(facets, none_are_counted_until_asked_nor_for_held_results)
{
    essay_results *r;
    char *err = NULL;
    size_t n = 99;
    cr_assert_eq(essay_search(searcher, "river", NULL, &r, &err), ESSAY_OK);
    cr_assert_null(essay_results_facet(r, ESSAY_FACET_YEAR, &n));
    cr_assert_eq(n, 0);
    cr_assert_eq(essay_results_count_facets(searcher, r, 1, &err), ESSAY_BAD_ARGUMENT);
    cr_assert_not_null(err);
    free(err);
    essay_results_free(r);
}

Test(facets, names)
{
    cr_assert_str_eq(essay_facet_name(ESSAY_FACET_AUTHOR), "author");
    cr_assert_str_eq(essay_facet_name(ESSAY_FACET_ESSAY), "essay");
    cr_assert_null(essay_facet_name((essay_facet)ESSAY_FACETS));
}

/* The timeline of 'r' by 'unit' as "period:essays/paragraphs " for each
 * period, then "undated:essays/paragraphs". */
static char *timeline_of(const essay_results *r, essay_facet unit)
{
    static char text[2048];
    essay_period *p;
    size_t n;
    essay_facet_count undated;
    cr_assert_eq(essay_results_timeline(r, unit, &p, &n, &undated), ESSAY_OK);
    text[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used, "%s:%zu/%zu ", p[k].period, p[k].essays,
                 p[k].paragraphs);
    }
    size_t used = strlen(text);
    snprintf(text + used, sizeof text - used, "undated:%zu/%zu", undated.essays,
             undated.paragraphs);
    free(p);
    return text;
}

Test(facets, a_timeline_by_year_runs_from_the_first_to_the_last_with_undated_apart)
{
    essay_results *r = facets_of("river");
    cr_assert_str_eq(timeline_of(r, ESSAY_FACET_YEAR),
                     "2020:1/2 2021:2/2 2022:1/1 undated:1/2");
    essay_results_free(r);
}

Test(facets, a_timeline_by_month_fills_the_months_between_and_counts_a_bare_year_undated)
{
    essay_results *r = facets_of("river");
    char *t = timeline_of(r, ESSAY_FACET_MONTH);
    cr_assert(strncmp(t, "2020-03:1/2 2020-04:0/0 ", 24) == 0, "%s", t);
    cr_assert_not_null(strstr(t, " 2020-12:0/0 2021-01:0/0 "), "%s", t);
    cr_assert_not_null(strstr(t, " 2021-07:1/1 "), "%s", t);
    size_t len = strlen(t);
    const char *end = "2022-01:1/1 undated:2/3";     /* d.txt, and c.txt of 2021 alone */
    cr_assert_str_eq(t + len - strlen(end), end);
    size_t periods = 0;
    for (const char *at = t; (at = strchr(at, ' ')) != NULL; at++)
        periods++;
    cr_assert_eq(periods, 23, "March 2020 to January 2022: %s", t);
    essay_results_free(r);
}

Test(facets, a_timeline_of_nothing_is_empty_and_one_not_counted_is_refused)
{
    essay_results *r = facets_of("=nosuchword");
    cr_assert_str_eq(timeline_of(r, ESSAY_FACET_YEAR), "undated:0/0");
    essay_period *p;
    size_t n;
    essay_facet_count undated;
    cr_assert_eq(essay_results_timeline(r, ESSAY_FACET_AUTHOR, &p, &n, &undated),
                 ESSAY_BAD_ARGUMENT);
    essay_results_free(r);
    char *err = NULL;
    cr_assert_eq(essay_search_stream(searcher, "river", NULL, &r, &err), ESSAY_OK);
    cr_assert_eq(essay_results_timeline(r, ESSAY_FACET_YEAR, &p, &n, &undated),
                 ESSAY_BAD_ARGUMENT);
    cr_assert_null(p);
    essay_results_free(r);
}
