/* test_query.c -- unit tests of the query language (core/query.c).
 *
 * Three kinds of test.  Structure: each construct is parsed with the English
 * analyzer and built, and Xapian's description of the result must hold the
 * expected tree ("Zsecur", "PHRASE 2", "FILTER", ...); its match set (what
 * snippets highlight) is rendered as text and compared.  Errors: every kind
 * of bad query gives ESSAY_BAD_QUERY and the exact "column N: what" message;
 * huge, deeply nested and random queries parse (or fail) cleanly.  Matching:
 * a fixture builds a four-paragraph index by hand in a temporary directory
 * (the terms the schema in private.h describes, from the same analyzer) and
 * each query must match exactly the expected paragraphs.
 */
#include <criterion/criterion.h>

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private.h"
#include "fixture.h"

static essay_analyzer *an;

static void analyzer_setup(void)
{
    cr_assert_eq(essay_analyzer_new("english", &an), ESSAY_OK);
}

static void analyzer_teardown(void)
{
    essay_analyzer_free(an);
}

TestSuite(query, .init = analyzer_setup, .fini = analyzer_teardown);

static essay_query *parse_ok(const char *text, int match_any)
{
    essay_query *q = NULL;
    char *err = NULL;
    essay_status st = essay__query_parse(an, text, strlen(text), match_any, &q, &err);
    cr_assert_eq(st, ESSAY_OK, "query '%s' failed: %s", text, err ? err : "(no message)");
    cr_assert_null(err);
    cr_assert_not_null(q);
    return q;
}

static xc_query *build_ok(const essay_query *q)
{
    xc_error xe;
    xc_query *x = essay__query_build(q, &xe);
    cr_assert_not_null(x, "build failed: %s", xe.msg);
    return x;
}

/* Xapian's description of the query built from 'text' (malloc'd). */
static char *describe(const char *text, int match_any)
{
    essay_query *q = parse_ok(text, match_any);
    xc_query *x = build_ok(q);
    char *d = xc_query_describe(x);
    cr_assert_not_null(d);
    xc_query_free(x);
    essay__query_free(q);
    return d;
}

static void assert_builds_mode(const char *text, int match_any, const char *expected)
{
    char *d = describe(text, match_any);
    cr_assert(strstr(d, expected) != NULL, "query '%s' built %s, expected it to hold %s", text,
              d, expected);
    free(d);
}

static void assert_builds(const char *text, const char *expected)
{
    assert_builds_mode(text, 0, expected);
}

/* The match set of 'text' as "S:stem E:exact P:prefix", a phrase's terms
 * separated by spaces, groups by " | ". */
static void assert_matchset_mode(const char *text, int match_any, const char *expected)
{
    essay_query *q = parse_ok(text, match_any);
    essay_matchset *m = essay__query_matchset(q);
    cr_assert_not_null(m);
    char buf[512] = "";
    for (size_t g = 0; g < m->n; g++) {
        cr_assert_eq(m->groups[g].weight, 1.0);
        if (g > 0)
            strcat(buf, " | ");
        for (size_t t = 0; t < m->groups[g].n; t++) {
            const essay_match_term *term = &m->groups[g].terms[t];
            cr_assert_eq(strlen(term->text), term->len);
            cr_assert(strlen(buf) + term->len + 4 < sizeof buf);
            strcat(buf, t > 0 ? " " : "");
            strcat(buf, term->kind == ESSAY_MATCH_STEM ? "S:"
                        : term->kind == ESSAY_MATCH_EXACT ? "E:" : "P:");
            strcat(buf, term->text);
        }
    }
    cr_assert_str_eq(buf, expected, "match set of '%s'", text);
    cr_assert_eq(essay__query_matchset(q), m, "the match set is kept, not rebuilt");
    essay__query_free(q);
}

static void assert_matchset(const char *text, const char *expected)
{
    assert_matchset_mode(text, 0, expected);
}

static void assert_error_mode(const char *text, size_t len, int match_any, const char *expected)
{
    essay_query *q = (essay_query *)1;
    char *err = NULL;
    essay_status st = essay__query_parse(an, text, len, match_any, &q, &err);
    const char *shown = text ? text : "(null)";
    cr_assert_eq(st, ESSAY_BAD_QUERY, "query '%s' should fail", shown);
    cr_assert_null(q);
    cr_assert_not_null(err);
    cr_assert_str_eq(err, expected, "query '%s'", shown);
    free(err);
}

static void assert_error_len(const char *text, size_t len, const char *expected)
{
    assert_error_mode(text, len, 0, expected);
}

static void assert_error(const char *text, const char *expected)
{
    assert_error_len(text, strlen(text), expected);
}

/* ---- structure ----------------------------------------------------------- */

Test(query, words_are_stems_all_required)
{
    assert_builds("security guarantees", "Query(((Zsecur@1 AND Zguarante@2) AND_MAYBE 0.5 * (Ssecur OR Sguarante)))");
    assert_matchset("security guarantees", "S:secur | S:guarante");
}

/* The essay query of 'text': Xapian's description (malloc'd), or NULL when
 * it ranks by nothing an essay holds. */
static char *describe_essays(const char *text, int match_any)
{
    essay_query *q = parse_ok(text, match_any);
    xc_error xe;
    int ranked = -1;
    xc_query *x = essay__query_build_essays(q, &ranked, &xe);
    cr_assert(ranked == 0 || ranked == 1);
    cr_assert(ranked == (x != NULL), "'%s': ranked %d, query %p (%s)", text, ranked, (void *)x,
              x ? "" : xe.msg);
    char *d = x ? xc_query_describe(x) : NULL;
    xc_query_free(x);
    essay__query_free(q);
    return d;
}

static void assert_essays_build(const char *text, int match_any, const char *expected)
{
    char *d = describe_essays(text, match_any);
    cr_assert(d && strstr(d, expected) != NULL, "query '%s' built %s for essays, expected %s",
              text, d ? d : "nothing", expected);
    free(d);
}

Test(query, the_essay_query_relaxes_what_essays_cannot_check)
{
    /* words and the title bonus as for paragraphs; a word the essay's names
     * (author, file name) hold, held with no weight */
    assert_essays_build("security guarantees", 0,
                        "Query((((Zsecur@1 OR 0 * Nsecur) AND (Zguarante@2 OR 0 * Nguarante)) "
                        "AND_MAYBE 0.5 * (Ssecur OR Sguarante)))");
    assert_essays_build("what are security guarantees", 1,
                        "Query((((Zsecur@3 OR 0 * Nsecur) OR (Zguarante@4 OR 0 * Nguarante)) "
                        "AND_MAYBE 0.5 * (Ssecur OR Sguarante)))");
    /* no positions: a phrase, a hyphenated word's parts and NEAR are AND */
    assert_essays_build("\"security guarantee\"", 0, "(Zsecur@1 AND Zguarante@2)");
    assert_essays_build("values-based", 0, "(Zvaluesbas@1 OR (Zvalu@2 AND Zbase@3))");
    assert_essays_build("russia NEAR/3 war", 0, "(Zrussia@1 AND Zwar@2)");
    /* exclusions and filters are left to the paragraphs */
    assert_essays_build("nuclear -russia author:freedman year:2020", 0,
                        "Query(((Znuclear@1 OR 0 * Nnuclear) AND_MAYBE 0.5 * Snuclear))");
    /* what essays do not hold matches every essay, without weight */
    assert_essays_build("nuclear OR =deterrence OR secur*", 0,
                        "((Znuclear@1 OR 0 * Nnuclear) OR 0 * <alldocuments> "
                        "OR 0 * <alldocuments>)");
    assert_essays_build("title:ukraine", 0, "Sukrain");
}

/* A request names what it wants, an essay, a quote, beside what it is
 * about: the essay need not hold "essay", and --any does not rank it. */
Test(query, words_for_the_text_itself_are_common_words)
{
    assert_essays_build("essay about running after your hat", 0,
                        "Query((((Zrun@3 OR 0 * Nrun) AND (Zhat@6 OR 0 * Nhat))");
    assert_builds_mode("quote about quiet desperation", 1,
                       "Query(((Zquiet@3 OR Zdesper@4) AND_MAYBE 0.5 * (Squiet OR Sdesper)))");
    assert_matchset_mode("quote about a lazy stagecoach", 1, "S:lazi | S:stagecoach");
    /* the paragraphs holding every word, the word included, still come first */
    assert_builds("essay about running after your hat", "Zessay@1 AND Zabout@2 AND Zrun@3");
    /* beside one word, it may be the word meant: an author's essays, quotation marks */
    assert_essays_build("stevenson essay", 0, "AND (Zessay@2 OR 0 * Nessay)");
    assert_matchset_mode("quotation marks", 1, "S:quotat | S:mark");
    /* alone, or in a title typed as one, it is the word searched */
    assert_essays_build("essays", 0, "Zessay@1");
    assert_essays_build("Lamb's Essays of Elia", 0, "Zessay@2");
}

Test(query, an_essay_query_ranking_by_nothing_is_none)
{
    cr_assert_null(describe_essays("=deterrence", 0));
    cr_assert_null(describe_essays("secur*", 1));
    cr_assert_null(describe_essays("author:freedman", 0));
    cr_assert_null(describe_essays("=deterrence -nuclear year:2020", 0));
}

Test(query, match_any_ors_words)
{
    assert_builds_mode("security guarantees", 1, "Query(((Zsecur@1 OR Zguarante@2) AND_MAYBE 0.5 * (Ssecur OR Sguarante)))");
    /* An explicit AND still requires both. */
    assert_builds_mode("nuclear AND deterrence europe", 1,
                       "((Znuclear@1 AND Zdeterr@2) OR Zeurop@3)");
    assert_builds_mode("(nuclear europe) AND deterrence", 1,
                       "((Znuclear@1 OR Zeurop@2) AND Zdeterr@3)");
    /* Exclusions and filters still apply to all. */
    assert_builds_mode("nuclear europe -russia author:freedman", 1,
                       "(((Znuclear@1 OR Zeurop@2) FILTER Afreedman) AND_NOT Zrussia@3)");
    /* so does a title: field, which ranks too: every paragraph of an essay
       holds its title */
    assert_builds_mode("title:walden beans pond", 1, "((Zbean@2 OR Zpond@3) AND Swalden@1)");
}

Test(query, phrase_is_positional_stems)
{
    assert_builds("\"security guarantee\"", "(Zsecur@1 PHRASE 2 Zguarante@2)");
    assert_builds("\xe2\x80\x9csecurity guarantee\xe2\x80\x9d", "(Zsecur@1 PHRASE 2 Zguarante@2)");
    assert_matchset("\"security guarantee\"", "S:secur S:guarante");
    /* A one-word phrase is the word. */
    assert_builds("\"security\"", "Query((Zsecur@1 AND_MAYBE 0.5 * Ssecur))");
}

/* A phrase matches in the text, or in the essay's title (positional "S"
 * terms, in its first paragraph with words: index.c) at the weight of a
 * title word; essays check the title's words. */
Test(query, phrase_also_matches_the_title)
{
    assert_builds("\"security guarantee\"",
                  "Query((((Zsecur@1 PHRASE 2 Zguarante@2) OR 0.5 * (Ssecur@1 PHRASE 2 "
                  "Sguarante@2)) AND_MAYBE 0.5 * (Ssecur OR Sguarante)))");
    assert_essays_build("\"security guarantee\"", 0,
                        "((Zsecur@1 AND Zguarante@2) OR 0.5 * (Ssecur@1 AND Sguarante@2))");
    assert_builds_mode("\"mass of men\" walden", 1,
                       "((Zmass@1 PHRASE 3 Zof@2 PHRASE 3 Zmen@3) OR 0.5 * (Smass@1 PHRASE 3 "
                       "Sof@2 PHRASE 3 Smen@3)) OR Zwalden@4)");
    /* a hyphenated word alone is a word, not a phrase; nor does one of common
     * words say anything of a title */
    assert_builds("values-based",
                  "Query(((Zvaluesbas@1 OR (Zvalu@2 PHRASE 2 Zbase@3)) AND_MAYBE 0.5 * ");
    assert_builds("\"of the\"", "Query((Zof@1 PHRASE 2 Zthe@2))");
    /* an excluded phrase drops what holds it in the text, as a word does */
    assert_builds("nuclear -(\"cold war\" russia)",
                  "((Znuclear@1 AND_NOT ((Zcold@2 PHRASE 2 Zwar@3) AND Zrussia@4)) AND_MAYBE");
}

/* The paragraphs holding the query in their text (which rank before those
 * matching a phrase by the title alone): the query without its title
 * alternatives, or nothing to split when no phrase of it may be a title's.
 * Xapian's description of it (malloc'd), or NULL. */
static char *describe_text(const char *text, int match_any)
{
    essay_query *q = parse_ok(text, match_any);
    xc_error xe;
    int titled = -1;
    xc_query *x = essay__query_build_text(q, &titled, &xe);
    cr_assert(titled == (x != NULL), "'%s': titled %d, query %p", text, titled, (void *)x);
    char *d = x ? xc_query_describe(x) : NULL;
    xc_query_free(x);
    essay__query_free(q);
    return d;
}

Test(query, the_text_of_a_title_phrase_is_its_words_alone)
{
    char *d = describe_text("\"security guarantee\" -ukraine", 0);
    cr_assert_str_eq(d, "Query(((Zsecur@1 PHRASE 2 Zguarante@2) AND_NOT Zukrain@3))");
    free(d);
    d = describe_text("\"mass of men\" walden", 1);
    cr_assert_str_eq(d, "Query(((Zmass@1 PHRASE 3 Zof@2 PHRASE 3 Zmen@3) OR Zwalden@4))");
    free(d);
    /* no phrase a title may hold: words, common words, an excluded phrase */
    cr_assert_null(describe_text("security guarantee", 0));
    cr_assert_null(describe_text("\"of the\"", 0));
    cr_assert_null(describe_text("nuclear -\"cold war\"", 0));
}

Test(query, hyphenated_word_is_whole_or_parts)
{
    assert_builds("values-based", "(Zvaluesbas@1 OR (Zvalu@2 PHRASE 2 Zbase@3))");
    assert_matchset("values-based", "S:valuesbas | S:valu S:base");
}

/* A dash that is no hyphen separates words as a blank does, in both modes,
 * but in a quoted phrase (its words) and in a field's value. */
Test(query, dashes_separate_words_as_blanks_do)
{
    const char *dashed[] = {
        "Emerson\u2014self-reliance", "Emerson--self-reliance", "Emerson---self-reliance",
        "Emerson \u2014 self-reliance", "Emerson -- self-reliance", "Emerson\u2013self-reliance",
        "Emerson\u2012self-reliance", "Emerson\u2015self-reliance", "Emerson\u2e3aself-reliance",
        "Emerson\u2e3bself-reliance", "\u2014Emerson\u2014 self-reliance--",
    };
    for (size_t i = 0; i < sizeof dashed / sizeof dashed[0]; i++) {
        for (int any = 0; any <= 1; any++) {
            char *spaced = describe("Emerson self-reliance", any);
            char *d = describe(dashed[i], any);
            cr_assert_str_eq(d, spaced, "'%s' (any %d) is read as its words", dashed[i], any);
            free(d);
            free(spaced);
        }
    }
    assert_builds("Emerson\u2014self-reliance",
                  "(Zemerson@1 AND (Zselfreli@2 OR (Zself@3 PHRASE 2 Zrelianc@4)))");
    /* a hyphen stays inside its word; "--b" after a blank still excludes */
    assert_builds("values-based", "(Zvaluesbas@1 OR (Zvalu@2 PHRASE 2 Zbase@3))");
    assert_builds("values\u2010based", "(Zvaluesbas@1 OR (Zvalu@2 PHRASE 2 Zbase@3))");
    assert_builds("walden --pond", "(Zwalden@1 AND_NOT Zpond@2)");
    /* a quoted phrase and a field's value keep them as they were */
    assert_builds("\"Emerson\u2014self\"", "(Zemerson@1 PHRASE 2 Zself@2)");
    assert_builds("\"Emerson--self\"", "(Zemerson@1 PHRASE 2 Zself@2)");
    assert_builds("title:walden\u2014pond", "Query((Swalden@1 AND Spond@2))");
    assert_builds("Emerson\u2014title:walden", "(Zemerson@1 AND Swalden@2)");
    assert_error("year:1850\u20131860", "column 1: bad year 'year:1850\u20131860' (use YYYY or "
                 "YYYY..YYYY)");
}

Test(query, exact_form_is_the_bare_term)
{
    assert_builds("=Guarantees", "Query(guarantees@1)");
    assert_matchset("=Guarantees", "E:guarantees");
    assert_builds("=values-based", "Query(valuesbased@1)");
}

Test(query, prefix_is_a_wildcard_over_bare_terms)
{
    assert_builds("Secur*", "Query(WILDCARD SYNONYM secur)");
    assert_matchset("Secur*", "P:secur");
}

Test(query, exclusions)
{
    assert_builds("nuclear -russia", "(Znuclear@1 AND_NOT Zrussia@2)");
    assert_builds("nuclear NOT russia", "(Znuclear@1 AND_NOT Zrussia@2)");
    assert_builds("nuclear -\"cold war\"", "(Znuclear@1 AND_NOT (Zcold@2 PHRASE 2 Zwar@3))");
    assert_builds("nuclear -(russia OR china)",
                  "(Znuclear@1 AND_NOT (Zrussia@2 OR Zchina@3))");
    assert_builds("nuclear -russia -china", "(Znuclear@1 AND_NOT (Zrussia@2 OR Zchina@3))");
    /* A group of exclusions excludes from the group around it. */
    assert_builds("(-russia -china) nuclear", "(Znuclear@3 AND_NOT (Zrussia@1 OR Zchina@2))");
    /* NOT NOT cancels out; after '-', operators are words. */
    assert_builds("NOT NOT nuclear", "Query((Znuclear@1 AND_MAYBE 0.5 * Snuclear))");
    assert_builds("nuclear -OR", "(Znuclear@1 AND_NOT Zor@2)");
    assert_matchset("nuclear -russia -\"cold war\"", "S:nuclear");
}

Test(query, or_and_precedence)
{
    assert_builds("nuclear OR russia china", "(Znuclear@1 OR (Zrussia@2 AND Zchina@3))");
    assert_builds("nuclear AND russia OR china", "((Znuclear@1 AND Zrussia@2) OR Zchina@3)");
    assert_builds("(nuclear OR russia) china", "((Znuclear@1 OR Zrussia@2) AND Zchina@3)");
    assert_builds("nuclear OR -russia china", "(Znuclear@1 OR (Zchina@3 AND_NOT Zrussia@2))");
}

Test(query, lowercase_or_and_are_words)
{
    assert_builds("war or peace and order",
                  "(Zwar@1 AND Zor@2 AND Zpeac@3 AND Zand@4 AND Zorder@5)");
    assert_builds("war Or peace", "(Zwar@1 AND Zor@2 AND Zpeac@3)");
    assert_builds("war near peace", "(Zwar@1 AND Znear@2 AND Zpeac@3)");
}

/* A title pasted in capitals, as books print it: its NOT is a word, since
 * it holds a common word (IS, A) besides; capitals alone keep operators. */
Test(query, operators_of_a_title_in_capitals_are_words)
{
    assert_builds("UKRAINE IS NOT JUST A BATTLEFIELD",
                  "(Zukrain@1 AND Zis@2 AND Znot@3 AND Zjust@4 AND Za@5 AND Zbattlefield@6)");
    assert_builds("OF DESTINY OR THAT WHICH IS WRITTEN", "Zdestini@2 AND Zor@3 AND Zthat@4");
    assert_builds("WALDEN OR THOREAU", "(Zwalden@1 OR Zthoreau@2)");
    assert_builds("WALDEN NOT POND", "(Zwalden@1 AND_NOT Zpond@2)");
    assert_builds("WALDEN NEAR/3 POND", "NEAR 4");
    /* a small letter anywhere, or the query language's syntax: the operators
       are the user's */
    assert_builds("UKRAINE IS NOT Just A BATTLEFIELD", "AND_NOT Zjust@3");
    assert_builds("KYIV NEAR/5 THE FRONT", "NEAR 6");
    assert_builds("(NATO OR EU) AND THE GUARANTEES", "(Znato@1 OR Zeu@2)");
    assert_builds("TITLE:WALDEN OR THE RAILROAD", "OR (Zthe@2 AND Zrailroad@3)");
    assert_builds("THE \"CIVIL WAR\" NOT NATO", "AND_NOT Znato@4");
}

Test(query, near)
{
    /* NEAR/n of k terms is a window of n + k - 1 positions. */
    assert_builds("threat NEAR credible", "(Zthreat@1 NEAR 11 Zcredibl@2)");
    assert_builds("threat NEAR/3 credible", "(Zthreat@1 NEAR 4 Zcredibl@2)");
    assert_builds("a NEAR/3 b NEAR/5 c", "(Za@1 NEAR 7 Zb@2 NEAR 7 Zc@3)");
    assert_builds("threat NEAR \"security guarantee\"",
                  "(Zthreat@1 NEAR 12 Zsecur@2 NEAR 12 Zguarante@3)");
    /* NEAR binds tighter than AND, NOT tighter than NEAR. */
    assert_builds("war threat NEAR credible", "(Zwar@1 AND (Zthreat@2 NEAR 11 Zcredibl@3))");
    assert_builds("(threat) NEAR credible", "(Zthreat@1 NEAR 11 Zcredibl@2)");
    assert_matchset("threat NEAR credible", "S:threat | S:credibl");
}

Test(query, title_field)
{
    assert_builds("title:Security", "Query(Ssecur@1)");
    assert_builds("title:\"security in Europe\"", "(Ssecur@1 AND Sin@2 AND Seurop@3)");
    assert_builds("Title:security nuclear", "(Ssecur@1 AND Znuclear@2)");
    assert_matchset("title:security nuclear", "S:secur | S:nuclear");
}

Test(query, author_field_is_a_filter)
{
    assert_builds("author:Freedman", "Query((<alldocuments> FILTER Afreedman))");
    assert_builds("author:\"Lawrence Freedman\"",
                  "(<alldocuments> FILTER (Alawrence AND Afreedman))");
    assert_builds("nuclear author:freedman", "(Znuclear@1 FILTER Afreedman)");
    assert_builds("author:freedman OR author:applebaum",
                  "(<alldocuments> FILTER (Afreedman OR Aapplebaum))");
    /* Among ranked alternatives, a filter adds no weight. */
    assert_builds("nuclear OR author:applebaum", "(Znuclear@1 OR 0 * Aapplebaum)");
    assert_builds("nuclear -author:freedman", "(Znuclear@1 AND_NOT Afreedman)");
    assert_matchset("nuclear author:freedman", "S:nuclear");
}

Test(query, essay_year_and_date_fields)
{
    assert_builds("essay:Freedman-2025", "(<alldocuments> FILTER (WILDCARD SYNONYM PFreedman-2025 "
                                         "OR WILDCARD SYNONYM Pfreedman-2025))");
    assert_builds("essay:irving-washington", "OR WILDCARD SYNONYM PIrving-Washington)");
    /* a relative path is made absolute, as the indexer made the paths */
    char *cwd = getcwd(NULL, 0), *expected = NULL;
    cr_assert(cwd != NULL && asprintf(&expected, "WILDCARD SYNONYM P%s/corpus/fr)", cwd) > 0);
    assert_builds("essay:corpus/fr", expected);
    free(expected);
    free(cwd);
    assert_builds("essay:\"my essay\"", "FILTER (WILDCARD SYNONYM Pmy essay OR");
    assert_builds("year:2025", "(<alldocuments> FILTER Y2025)");
    assert_builds("year:2020..2024", "FILTER VALUE_RANGE 0 2020 2024\\xff)");
    assert_builds("date:2024..2025-06", "FILTER VALUE_RANGE 0 2024 2025-06\\xff)");
    assert_builds("date:2025-03", "FILTER VALUE_RANGE 0 2025-03 2025-03\\xff)");
    assert_builds("date:2024-02-29..2024-03-01",
                  "FILTER VALUE_RANGE 0 2024-02-29 2024-03-01\\xff)");
    assert_builds("date:2024..", "FILTER VALUE_GE 0 2024)");
    assert_builds("date:..2025", "FILTER VALUE_LE 0 2025\\xff)");
    assert_builds("nuclear date:2025 year:2025",
                  "(Znuclear@1 FILTER (VALUE_RANGE 0 2025 2025\\xff AND Y2025))");
    assert_matchset("nuclear essay:x year:2025 date:2025", "S:nuclear");
}

Test(query, unknown_field_is_text)
{
    assert_builds("foo:bar", "(Zfoo@1 PHRASE 2 Zbar@2)");
}

Test(query, punctuation_vanishes)
{
    assert_builds("nuclear !! () \"\" -?", "Query((Znuclear@1 AND_MAYBE 0.5 * Snuclear))");
}

Test(query, matchset_deduplicates)
{
    assert_matchset("Security security SECURITY \"security\" \"a b\" \"a b\" -security",
                    "S:secur | S:a S:b");
}

/* ---- errors -------------------------------------------------------------- */

Test(query, unbalanced_quotes_and_parentheses)
{
    assert_error("\"security guarantee", "column 1: unbalanced quote");
    assert_error("nuclear \"security", "column 9: unbalanced quote");
    assert_error("title:\"security", "column 7: unbalanced quote");
    assert_error("(nuclear", "column 1: unbalanced '('");
    assert_error("war (nuclear (russia)", "column 5: unbalanced '('");
    assert_error("nuclear)", "column 8: unbalanced ')'");
    assert_error(")", "column 1: unbalanced ')'");
}

Test(query, dangling_operators)
{
    assert_error("nuclear AND", "column 9: 'AND' has nothing after it");
    assert_error("nuclear OR", "column 9: 'OR' has nothing after it");
    assert_error("nuclear NEAR", "column 9: 'NEAR' has nothing after it");
    assert_error("nuclear NEAR/4", "column 9: 'NEAR/4' has nothing after it");
    assert_error("nuclear NOT", "column 9: 'NOT' has nothing after it");
    assert_error("OR nuclear", "column 1: 'OR' has nothing before it");
    assert_error("AND nuclear", "column 1: 'AND' has nothing before it");
    assert_error("NEAR nuclear", "column 1: 'NEAR' has nothing before it");
    assert_error("war (OR peace)", "column 6: 'OR' has nothing before it");
    assert_error("war AND OR peace", "column 5: 'AND' has nothing after it");
    assert_error("war (peace AND)", "column 12: 'AND' has nothing after it");
}

Test(query, empty_queries)
{
    assert_error("", "column 1: empty query");
    assert_error("   ", "column 1: empty query");
    assert_error("!!! ... ?", "column 1: empty query");
    assert_error("\"\" ()", "column 1: empty query");
    assert_error_len(NULL, 0, "column 1: empty query");
}

Test(query, nothing_but_exclusions)
{
    const char *msg = "column 1: a query needs at least one word that is not excluded";
    assert_error("-nuclear", msg);
    assert_error("NOT nuclear", msg);
    assert_error("-nuclear -russia", msg);
    assert_error("-author:freedman", msg);
    assert_error("war OR -peace",
                 "column 8: an alternative of OR needs at least one word that is not excluded");
    assert_error("war -(-peace)",
                 "column 7: an excluded group needs at least one word that is not excluded");
}

Test(query, bad_prefixes)
{
    assert_error("a*", "column 1: prefix 'a*' is too short: write at least 2 letters before "
                 "the *");
    assert_error("war \xc3\xa9*", "column 5: prefix '\xc3\xa9*' is too short: write at least 2 "
                 "letters before the *");
    assert_error("war -*", "column 6: prefix '*' is too short: write at least 2 letters before "
                 "the *");
    assert_error("war/pea*", "column 1: prefix 'war/pea*' is more than one word");
}

Test(query, bad_near)
{
    assert_error("war NEAR/0 peace", "column 5: 'NEAR/0' needs a distance from 1 to 1000");
    assert_error("war NEAR/x peace", "column 5: 'NEAR/x' needs a distance from 1 to 1000");
    assert_error("war NEAR/1001 peace", "column 5: 'NEAR/1001' needs a distance from 1 to 1000");
    assert_error("war NEAR -peace",
                 "column 10: NEAR takes a word or a phrase on each side, not an excluded word");
    assert_error("war NEAR pea*",
                 "column 10: NEAR takes a word or a phrase on each side, not a prefix");
    assert_error("tax* NEAR war",
                 "column 1: NEAR takes a word or a phrase on each side, not a prefix");
    assert_error("=war NEAR peace",
                 "column 1: NEAR takes a word or a phrase on each side, not an exact word (=)");
    assert_error("(war OR battle) NEAR peace",
                 "column 2: NEAR takes a word or a phrase on each side, not a group");
    assert_error("author:x NEAR peace",
                 "column 1: NEAR takes a word or a phrase on each side, not a field");
    assert_error("war NEAR title:peace",
                 "column 10: NEAR takes a word or a phrase on each side, not a field");
}

Test(query, fields_without_values)
{
    assert_error("title:", "column 1: 'title:' needs a value");
    assert_error("war Author:  ", "column 5: 'Author:' needs a value");
    assert_error("essay:\"\"", "column 1: 'essay:' needs a value");
    assert_error("title:(love OR hate)", "column 1: 'title:' takes one word or a \"quoted "
                 "phrase\", not brackets: write title:WORD OR title:WORD");
    assert_error("title: (love OR hate)", "column 1: 'title:' takes one word or a \"quoted "
                 "phrase\", not brackets: write title:WORD OR title:WORD");
    /* after a blank, an operator, an exclusion, a field or an empty quote is no value */
    assert_error("author: year:1900 heretics", "column 1: 'author:' needs a value");
    assert_error("author: AND heretics", "column 1: 'author:' needs a value");
    assert_error("author: -heretics", "column 1: 'author:' needs a value");
    assert_error("heretics title: \"\"", "column 10: 'title:' needs a value");
}

/* A blank between a field and its value, as people type: the word or
 * quoted text that comes next is the value. */
Test(query, a_field_takes_its_value_after_a_blank)
{
    static const char *const typed[][2] = {
        { "war Author: freedman", "war Author:freedman" },
        { "title:  \"security guarantees\" europe", "title:\"security guarantees\" europe" },
        { "essay: kuleba ukraine", "essay:kuleba ukraine" },
        { "year: 2025", "year:2025" },
        { "(author: freedman OR title: ukraine)", "(author:freedman OR title:ukraine)" },
    };
    for (size_t i = 0; i < sizeof typed / sizeof *typed; i++)
        for (int any = 0; any <= 1; any++) {    /* read leniently (--any) too */
            char *a = describe(typed[i][0], any), *b = describe(typed[i][1], any);
            cr_assert_str_eq(a, b, "'%s' as '%s'", typed[i][0], typed[i][1]);
            free(a);
            free(b);
        }
}

Test(query, bad_dates)
{
    const char *use = "(use YYYY[-MM[-DD]], or two joined by ..)";
    char expected[160];
    const char *bad[] = { "date:2025-13", "date:2025-1", "date:yesterday", "date:..",
                          "date:2024-01-32", "date:2024...2025", "date:20245" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(expected, sizeof expected, "column 1: bad date range '%s' %s", bad[i], use);
        assert_error(bad[i], expected);
    }
    assert_error("date:2025..2024", "column 1: date range 'date:2025..2024' ends before it starts");
    assert_error("war year:25", "column 5: bad year 'year:25' (use YYYY or YYYY..YYYY)");
    assert_error("year:2025-01", "column 1: bad year 'year:2025-01' (use YYYY or YYYY..YYYY)");
}

Test(query, nesting_is_capped)
{
    char text[200];
    size_t n = 0;
    for (int i = 0; i < 64; i++)
        text[n++] = '(';
    memcpy(text + n, "war", 3);
    n += 3;
    for (int i = 0; i < 64; i++)
        text[n++] = ')';
    text[n] = '\0';
    assert_builds(text, "Query((Zwar@1 AND_MAYBE 0.5 * Swar))");

    memmove(text + 1, text, n + 1);
    text[0] = '(';
    strcat(text, ")");
    assert_error(text, "column 65: parentheses nested deeper than 64 levels");
}

Test(query, messages_quote_control_characters_harmlessly)
{
    assert_error("war \x1b*", "column 5: prefix '?*' is too short: write at least 2 letters "
                 "before the *");
    assert_error("war NEAR/\x1b[31m\xc2\x9b\xff peace",
                 "column 5: 'NEAR/?[31m?" "?' needs a distance from 1 to 1000");
}

/* ---- lenient reading of match_any queries -------------------------------- *
 *
 * The same inputs as the errors above: the all-words mode fails on them (the
 * tests above), match_any reads them as words. */

/* 'text' in match_any mode builds what 'plain' (the same words, no syntax)
 * builds. */
static void assert_reads_as(const char *text, const char *plain)
{
    char *d = describe(text, 1), *expected = describe(plain, 1);
    cr_assert_str_eq(d, expected, "'%s' read leniently: %s, not %s", text, d, expected);
    free(d);
    free(expected);
}

Test(query, lenient_unmatched_quotes_are_ignored)
{
    assert_reads_as("\"security guarantee", "security guarantee");
    assert_reads_as("nuclear \"security", "nuclear security");
    /* the quotes that pair up are phrases; only the last one is left over */
    assert_builds_mode("\"nuclear war\" and \"security", 1,
                       "(((Znuclear@1 PHRASE 2 Zwar@2) OR 0.5 * (Snuclear@1 PHRASE 2 Swar@2))"
                       " OR Zsecur@4)");
    assert_reads_as("deterrence -\"", "deterrence");
    assert_reads_as("war \xe2\x80\x9cpeace", "war peace");
}

Test(query, lenient_unclosed_parenthesis_closes_at_the_end)
{
    assert_reads_as("(nuclear", "nuclear");
    assert_reads_as("war (nuclear (russia)", "war (nuclear (russia))");
    assert_reads_as("EL1 and ECL (EL1 may be given as EL/1; I don't remember",
                    "EL1 and ECL (EL1 may be given as EL/1; I don't remember)");
}

Test(query, lenient_unmatched_closing_parenthesis_is_ignored)
{
    assert_reads_as("nuclear)", "nuclear");
    assert_reads_as(") war) (peace) treaty)", "war (peace) treaty");
}

Test(query, lenient_operators_with_nothing_on_one_side_are_ignored)
{
    assert_reads_as("nuclear AND", "nuclear");
    assert_reads_as("nuclear OR", "nuclear");
    assert_reads_as("nuclear NEAR/4", "nuclear");
    assert_reads_as("nuclear NOT", "nuclear");
    assert_reads_as("OR nuclear", "nuclear");
    assert_reads_as("AND NEAR nuclear", "nuclear");
    assert_reads_as("war (OR peace)", "war (peace)");
    assert_reads_as("war AND OR peace", "war AND peace");
    assert_reads_as("war (peace AND)", "war (peace)");
    assert_reads_as("war OR AND peace", "war OR peace");
}

Test(query, lenient_near_beside_a_group_is_ignored)
{
    assert_reads_as("war NEAR -peace", "war -peace");
    assert_reads_as("(war OR battle) NEAR peace", "(war OR battle) peace");
    assert_reads_as("treaty war NEAR pea*", "treaty (war pea*)");
    /* NEAR between words stays */
    assert_builds_mode("war NEAR peace", 1, "(Zwar@1 NEAR 11 Zpeac@2)");
}

Test(query, lenient_bad_distances_fields_and_prefixes_are_words)
{
    assert_reads_as("war NEAR/0 peace", "war near/0 peace");
    assert_reads_as("war NEAR/x peace", "war near/x peace");
    assert_reads_as("title:", "title");
    assert_reads_as("war Author:  ", "war author");
    assert_reads_as("war Author: \"\" peace", "war author peace");
    assert_builds_mode("war Author: freedman", 1, "(Zwar@1 FILTER Afreedman)");
    assert_reads_as("essay:\"\" war", "essay war");
    assert_reads_as("war title:\"peace", "war title peace");
    assert_reads_as("war year:25", "war \"year 25\"");
    assert_reads_as("war date:2025..2024", "war \"date 2025 2024\"");
    assert_reads_as("war a*", "war a");
    assert_reads_as("war/pea* treaty", "war/pea treaty");
    assert_reads_as("operators like *, +", "operators like");
    /* a word followed by a colon is a word, a field that is one still works */
    assert_reads_as("permutation:, SIAM", "permutation SIAM");
    assert_builds_mode("war year:2025", 1, "(Zwar@1 FILTER Y2025)");
}

Test(query, lenient_reading_still_needs_something_to_search)
{
    const char *excluded = "column 1: a query needs at least one word that is not excluded";
    assert_error_mode("\" ) (", 5, 1, "column 1: empty query");
    assert_error_mode("OR AND NOT", 10, 1, "column 1: empty query");
    assert_error_mode("-nuclear \"", 10, 1, excluded);
    assert_error_mode("war OR -peace", 13, 1,
                      "column 8: an alternative of OR needs at least one word that is not excluded");
}

/* ---- scale and robustness ------------------------------------------------ */

static char *repeat_words(size_t n, const char *before, const char *word_fmt)
{
    size_t cap = strlen(before) + n * 24 + 1, len = strlen(before);
    char *text = malloc(cap);
    cr_assert_not_null(text);
    memcpy(text, before, len + 1);
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, word_fmt, i);
    return text;
}

Test(query, match_any_leaves_out_common_words)
{
    assert_builds_mode("what is the security of it", 1,
                       "Query((Zsecur@4 AND_MAYBE 0.5 * Ssecur))");
    /* all-words queries and phrases keep them */
    assert_builds("the security", "Query(((Zthe@1 AND Zsecur@2) AND_MAYBE");
    assert_builds_mode("\"the security\"", 1, "(Zthe@1 PHRASE 2 Zsecur@2)");
    /* nothing but common words: they stay */
    assert_builds_mode("what is it", 1, "(Zwhat@1 OR Zis@2 OR Zit@3)");
}

/* A question searched for any of its words leaves out, like common words,
 * the words that say how it asks: "say", "write", "talk", "essays". */
Test(query, a_question_leaves_out_the_words_it_asks_with)
{
    assert_builds_mode("what did Thoreau say about the railroad", 1,
                       "Query(((Zthoreau@3 OR Zrailroad@7) AND_MAYBE 0.5 * (Sthoreau OR "
                       "Srailroad)))");
    assert_builds_mode("which essays talk of walking tours?", 1,
                       "Query(((Zwalk@5 OR Ztour@6) AND_MAYBE 0.5 * (Swalk OR Stour)))");
    assert_matchset_mode("what did Thoreau write about ice", 1, "S:thoreau | S:ice");
    /* the -ing forms are topics ("writing"), and a capital makes a name */
    assert_builds_mode("what is writing", 1, "Query((Zwrite@3 AND_MAYBE 0.5 * Swrite))");
    assert_builds_mode("who was William Tell", 1, "Ztell@4");
    /* only questions: keywords, and all-words questions (--strict), keep them */
    assert_builds_mode("thoreau say railroad", 1, "Zsay@2");
    assert_builds("what did Thoreau say about the railroad", "Zsay@4");
    /* nothing else to rank: they stay */
    assert_builds_mode("what did he say?", 1,
                       "(Zwhat@1 OR Zdid@2 OR Zhe@3 OR (Zsay@4 OR 0.5 * Zsaid@4))");
}

/* What a match_any query leaves out, snippets do not highlight: "[The] mass
 * [of] [men]" was the complaint.  Inside a phrase they are highlighted. */
Test(query, match_any_highlights_no_common_words)
{
    assert_matchset_mode("The mass of men", 1, "S:mass | S:men");
    assert_matchset_mode("\"the mass\" of men -the", 1, "S:the S:mass | S:men");
    assert_matchset_mode("what is it", 1, "S:what | S:is | S:it");
    assert_matchset_mode("(the OR mass) of men", 1, "S:the | S:mass | S:men");
    /* all-words queries keep them, in the query as in the match set */
    assert_matchset("The mass of men", "S:the | S:mass | S:of | S:men");
}

Test(query, title_words_boost_but_never_match_alone)
{
    assert_builds("security -nato", "((Zsecur@1 AND_NOT Znato@2) AND_MAYBE 0.5 * Ssecur)");
    assert_builds("author:kuleba", "Query((<alldocuments> FILTER Akuleba))");
}

/* The title bonus leaves common words out, in phrases as elsewhere: a phrase
 * of them keeps its words but gets no bonus at all.  (A phrase matching
 * the title keeps them: they are part of the phrase.) */
Test(query, common_words_give_no_title_bonus)
{
    assert_builds("\"in the morning\"",
                  "Query((((Zin@1 PHRASE 3 Zthe@2 PHRASE 3 Zmorn@3) OR 0.5 * (Sin@1 PHRASE 3 "
                  "Sthe@2 PHRASE 3 Smorn@3)) AND_MAYBE 0.5 * Smorn))");
    assert_builds("\"of the\"", "Query((Zof@1 PHRASE 2 Zthe@2))");
    assert_builds("the security", "Query(((Zthe@1 AND Zsecur@2) AND_MAYBE 0.5 * Ssecur))");
}

Test(query, a_thousand_words)
{
    char *text = repeat_words(ESSAY_QUERY_MAX_WORDS, "", "w%zu ");
    essay_query *q = parse_ok(text, 0);
    xc_query *x = build_ok(q);
    char *d = xc_query_describe(x);
    cr_assert(strstr(d, "Zw0@1 AND Zw1@2 AND") != NULL);
    cr_assert(strstr(d, "AND Zw999@1000) AND_MAYBE") != NULL);
    essay_matchset *m = essay__query_matchset(q);
    cr_assert_not_null(m);
    cr_assert_eq(m->n, ESSAY_QUERY_MAX_WORDS);
    free(d);
    xc_query_free(x);
    essay__query_free(q);
    free(text);
}

Test(query, the_most_alternatives_and_exclusions)
{
    char *text = repeat_words(ESSAY_QUERY_MAX_WORDS - 1, "war", " OR p%zu");
    essay_query *q = parse_ok(text, 1);
    xc_query *x = build_ok(q);
    xc_query_free(x);
    essay__query_free(q);
    free(text);
    text = repeat_words(ESSAY_QUERY_MAX_WORDS - 1, "war", " -p%zu");
    q = parse_ok(text, 0);
    x = build_ok(q);
    xc_query_free(x);
    essay__query_free(q);
    free(text);
}

Test(query, lenient_unmatched_parentheses_do_not_recurse)
{
    /* as many as the query limits allow (ESSAY_QUERY_MAX_WORDS) */
    char *text = repeat_words(900, "war", ")%.0zu");
    essay_query *q = parse_ok(text, 1);
    essay__query_free(q);
    free(text);
    text = repeat_words(900, "war", " (p%zu");
    char expected[80];
    snprintf(expected, sizeof expected, "column %zu: parentheses nested deeper than 64 levels",
             (size_t)(strstr(text, " (p64 ") - text) + 2);
    assert_error_mode(text, strlen(text), 1, expected);
    free(text);
}

Test(query, long_operator_chains_do_not_recurse)
{
    size_t n = (ESSAY_QUERY_MAX_BYTES - 16) / 4;
    char *text = malloc(4 * n + 16);
    cr_assert_not_null(text);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(text + len, "NOT ", 4);
        len += 4;
    }
    strcpy(text + len, "war peace");
    assert_builds(text, "Query(((Zwar@1 AND Zpeac@2) AND_MAYBE 0.5 * (Swar OR Speac)))");
    for (size_t i = 0; i < n; i++)
        text[i] = '(';
    text[n] = '\0';
    assert_error(text, "column 65: parentheses nested deeper than 64 levels");
    free(text);
}

/* ---- limits -------------------------------------------------------------- */

/* 'n' bytes of 'unit' repeated (cut short at the end), NUL-terminated. */
static char *repeat_bytes(const char *unit, size_t n)
{
    char *text = malloc(n + 1);
    cr_assert_not_null(text);
    for (size_t i = 0; i < n; i++)
        text[i] = unit[i % strlen(unit)];
    text[n] = '\0';
    return text;
}

Test(query, the_bytes_of_a_query_are_limited)
{
    char *text = repeat_bytes("war ", ESSAY_QUERY_MAX_BYTES);
    text[ESSAY_QUERY_MAX_BYTES - 1] = '\0';    /* 4095 words: too many, but not too long */
    assert_error(text, "column 4001: more than 1000 words, the most a query may have");
    free(text);
    text = repeat_bytes("-", ESSAY_QUERY_MAX_BYTES);
    memcpy(text, "war ", 4);                    /* "-----...": one word, as long as may be */
    essay__query_free(parse_ok(text, 0));
    free(text);
    /* a byte more, or 10 MB more, is refused before anything is made of it */
    const char *too_long = "column 16385: the query is longer than 16384 bytes (16 KB), the "
                           "most one may be";
    text = repeat_bytes("war ", ESSAY_QUERY_MAX_BYTES + 1);
    assert_error(text, too_long);
    free(text);
    text = repeat_bytes("the ", 10 << 20);
    assert_error(text, too_long);
    free(text);
}

Test(query, words_are_counted_as_the_analyzer_cuts_them)
{
    char *text = repeat_words(ESSAY_QUERY_MAX_WORDS - 1, "", "w%zu ");
    char *more = malloc(strlen(text) + 64);
    cr_assert_not_null(more);
    const char *last[][2] = {
        { "x", NULL },                                  /* the thousandth word */
        { "x y", "column 4888: more than 1000 words" },
        { "\"x y\"", "column 4889: more than 1000 words" },  /* a phrase's words count */
        { "x-y", "column 4886: more than 1000 words" },      /* whole, then parts */
        { "year:2025", NULL },
        { "year:2025 x", "column 4896: more than 1000 words" }, /* a filter counts one */
        { "-x", NULL },
        { "title:x", NULL },
    };
    for (size_t i = 0; i < sizeof last / sizeof last[0]; i++) {
        sprintf(more, "%s%s", text, last[i][0]);
        if (last[i][1] == NULL) {
            essay__query_free(parse_ok(more, i % 2));
            continue;
        }
        char expected[128];
        sprintf(expected, "%s, the most a query may have", last[i][1]);
        assert_error(more, expected);
    }
    free(more);
    free(text);
}

Test(query, a_near_group_is_limited)
{
    char *text = repeat_words(ESSAY_QUERY_MAX_NEAR - 1, "w", " NEAR w%zu");
    essay__query_free(parse_ok(text, 0));
    free(text);
    text = repeat_words(ESSAY_QUERY_MAX_NEAR, "w", " NEAR w%zu");
    assert_error(text, "column 277: NEAR joins more than 32 words, the most it may");
    free(text);
    /* the words of its phrases count; separate groups do not add up */
    assert_error("\"a b c d e f g h i j k l m n o p\" NEAR "
                 "\"a b c d e f g h i j k l m n o p q\"",
                 "column 40: NEAR joins more than 32 words, the most it may");
    text = repeat_words(ESSAY_QUERY_MAX_NEAR, "w NEAR v", " w%zu NEAR v");
    essay__query_free(parse_ok(text, 0));
    free(text);
}

/* A stand-in for the index: every prefix begins 'per_prefix' terms. */
typedef struct {
    size_t per_prefix;
    size_t calls;
    char last[64];
} fake_terms;

static size_t count_fake(const char *prefix, size_t max, void *ctx)
{
    fake_terms *f = ctx;
    f->calls++;
    snprintf(f->last, sizeof f->last, "%s", prefix);
    return f->per_prefix < max ? f->per_prefix : max;
}

static void assert_expansion(const char *text, size_t per_prefix, const char *expected)
{
    essay_query *q = parse_ok(text, 0);
    fake_terms f = { .per_prefix = per_prefix };
    char *err = NULL;
    essay_status st = essay__query_check_expansion(q, count_fake, &f, &err);
    if (expected == NULL) {
        cr_assert_eq(st, ESSAY_OK, "query '%s': %s", text, err ? err : "");
        cr_assert_null(err);
    } else {
        cr_assert_eq(st, ESSAY_BAD_QUERY, "query '%s' should fail", text);
        cr_assert_str_eq(err, expected, "query '%s'", text);
    }
    free(err);
    essay__query_free(q);
}

Test(query, what_prefixes_stand_for_is_limited_in_all)
{
    const char *ten = "th* OR th* OR th* OR th* OR th* OR th* OR th* OR th* OR th* OR th*";
    char eleven[128];
    snprintf(eleven, sizeof eleven, "%s -\x1b[2Jth*", ten);
    assert_expansion(ten, 100, NULL);       /* each stands for its 100 most frequent */
    assert_expansion(ten, 5000, NULL);
    assert_expansion(eleven, 100, "column 71: with '2Jth*' the prefixes stand for more than "
                     "1000 words, the most they may in all: use fewer or longer ones");
    assert_expansion(eleven, 90, NULL);     /* rarer prefixes: more of them */
    assert_expansion("war =th* \"th*\" title:th*", 100, NULL);    /* no prefix there */
}

/* An essay: name with a NUL byte inside (the library takes a query of
 * 'len' bytes; the fuzzer found its small and capital forms cut at the NUL
 * and written past). */
Test(query, an_essay_name_with_a_nul_byte)
{
    static const char text[] = "essay:auo:\0&";
    essay_query *q = NULL;
    char *err = NULL;
    essay_status st = essay__query_parse(an, text, sizeof text - 1, 0, &q, &err);
    cr_assert(st == ESSAY_OK || st == ESSAY_BAD_QUERY);
    free(err);
    essay__query_free(q);
}

Test(query, what_essay_filters_match_is_limited_in_all)
{
    /* each is asked as typed and capitalised: 25000 names each */
    assert_expansion("war essay:ca essay:cb", 25000, NULL);
    assert_expansion("war essay:ca -essay:cb essay:cc", 25000,
                     "column 24: with 'essay:cc' the essay: filters match more than 100000 "
                     "essay names, the most they may in all: name fewer essays");
    essay_query *q = parse_ok("war essay:ca", 0);
    fake_terms f = { .per_prefix = 1000000 };
    char *err = NULL;
    cr_assert_eq(essay__query_check_expansion(q, count_fake, &f, &err), ESSAY_BAD_QUERY);
    cr_assert_str_eq(f.last, ESSAY_PREFIX_PATH "ca", "essay names are path terms");
    free(err);
    essay__query_free(q);
}

static char *uppercase_corrector(const char *word, const char *stem, int as_name,
                                 const xc_query *context, void *ctx)
{
    (void)context;
    (void)stem;
    (void)as_name;
    unsigned *calls = ctx;
    ++*calls;
    char *up = strdup(word);
    for (char *c = up; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    return up;
}

/* Fragments random queries are made of: syntax, words, fields, odd bytes. */
static const char *const fragments[] = {
    " ", " ", "war", "Peace", "a", "\"", "(", ")", "-", "*", ":", "=", "OR", "AND", "NOT",
    "NEAR", "NEAR/2", "NEAR/", "title:", "author:", "essay:", "year:", "date:", "2024", "..",
    "-06", "values-based", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xc3\xa9t\xc3\xa9", "\xff", "\x00",
    "'", "'s", ",", ".", "/", "\t",
};

Test(query, random_queries_parse_or_fail_cleanly)
{
    unsigned seed = 12345;
    size_t ok = 0, bad = 0;
    for (int round = 0; round < 4000; round++) {
        char text[256];
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        int pieces = (int)(seed >> 16) % 14;
        for (int i = 0; i < pieces; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8;
            if (round % 4 == 3) {
                text[len++] = (char)(r & 0xff);  /* pure random bytes */
                continue;
            }
            const char *f = fragments[r % (sizeof fragments / sizeof fragments[0])];
            size_t flen = f[0] ? strlen(f) : 1;
            memcpy(text + len, f, flen);
            len += flen;
        }
        essay_query *q = NULL;
        char *err = NULL;
        essay_status st = essay__query_parse(an, text, len, round % 2, &q, &err);
        if (st == ESSAY_OK) {
            ok++;
            xc_error xe;
            xc_query *x = essay__query_build(q, &xe);
            cr_assert_not_null(x, "round %d: build failed: %s", round, xe.msg);
            xc_query_free(x);
            cr_assert_not_null(essay__query_matchset(q));
            unsigned calls = 0;
            free(essay__query_rewrite(q, uppercase_corrector, NULL, &calls, 0));
            essay__query_free(q);
        } else {
            bad++;
            cr_assert_eq(st, ESSAY_BAD_QUERY, "round %d: status %d", round, st);
            cr_assert_null(q);
            cr_assert_not_null(err);
            cr_assert(strncmp(err, "column ", 7) == 0, "round %d: message '%s'", round, err);
            /* match_any reads all syntax leniently: it fails only for want of words */
            cr_assert(round % 2 == 0 || strstr(err, "empty query") || strstr(err, "not excluded"),
                      "round %d: match_any query failed: %s", round, err);
            free(err);
        }
    }
    cr_assert(ok > 100 && bad > 100, "random queries: %zu good, %zu bad", ok, bad);
}

/* ---- rewriting ----------------------------------------------------------- */

static char *spelling_corrector(const char *word, const char *stem, int as_name,
                                const xc_query *context, void *ctx)
{
    (void)context;
    (void)stem;
    (void)as_name;
    (void)ctx;
    static const char *const fixes[][2] = {
        { "securty", "security" }, { "nucler", "nuclear" }, { "gaurantee", "guarantee" },
        { "freedmn", "freedman" },  { "basd", "based" },     { "peace", "peace" },
        { "did", "aid" },      { "w", "war" },        { "utho2r", "author" },
        { "nott", "not" },
        { "\xd0\xba\xd0\xbd\xd0\xb8\xd0\xb3\xd0\xb3\xd0\xb0", "\xd0\xba\xd0\xbd\xd0\xb8\xd0\xb3\xd0\xb0" },
    };
    for (size_t i = 0; i < sizeof fixes / sizeof fixes[0]; i++)
        if (strcmp(word, fixes[i][0]) == 0)
            return strdup(fixes[i][1]);
    return NULL;
}

static char *rewrite(const char *text)
{
    essay_query *q = parse_ok(text, 0);
    char *out = essay__query_rewrite(q, spelling_corrector, NULL, NULL, 0);
    essay__query_free(q);
    return out;
}

Test(query, rewrite_replaces_only_positive_words)
{
    char *out = rewrite("Securty  -gaurantee \"nucler weapons\" values-basd title:securty "
                        "author:freedmn =securty securty* (peace OR nucler)");
    cr_assert_not_null(out);
    cr_assert_str_eq(out, "Security  -gaurantee \"nuclear weapons\" values-based title:security "
                          "author:freedmn =securty securty* (peace OR nuclear)");
    free(out);
}

/* A query in capitals is corrected in capitals, a word of one letter too:
 * its operators stay words (or operators) as they were read. */
Test(query, rewrite_of_a_query_in_capitals_is_in_capitals)
{
    char *out = rewrite("NUCLER IS NOT A SECURTY");
    cr_assert_str_eq(out ? out : "(nothing)", "NUCLEAR IS NOT A SECURITY");
    free(out);
    out = rewrite("W IS NOT NUCLER");
    cr_assert_str_eq(out ? out : "(nothing)", "WAR IS NOT NUCLEAR");
    free(out);
    /* small letters of another script are no capitals */
    out = rewrite("\xd0\xba\xd0\xbd\xd0\xb8\xd0\xb3\xd0\xb3\xd0\xb0");   /* книгга */
    cr_assert_str_eq(out ? out : "(nothing)", "\xd0\xba\xd0\xbd\xd0\xb8\xd0\xb3\xd0\xb0");
    free(out);
}

/* A correction that would be syntax is not made (fuzz_query: "utho2r:"
 * corrected to "author:" searched a field without a value). */
Test(query, rewrite_makes_no_syntax)
{
    cr_assert_null(rewrite("utho2r: walden"));
    cr_assert_null(rewrite("WALDEN NOTT POND"));
    char *out = rewrite("utho2r walden");
    cr_assert_str_eq(out ? out : "(nothing)", "author walden");
    free(out);
}

/* Records the context each word is offered with, described, after the
 * word; corrects nothing. */
static char *context_recorder(const char *word, const char *stem, int as_name,
                              const xc_query *context, void *ctx)
{
    (void)stem;
    (void)as_name;
    FILE *f = ctx;
    char *described = context ? xc_query_describe(context) : NULL;
    fprintf(f, "%s: %s\n", word, described ? described : "(none)");
    free(described);
    return NULL;
}

/* Each word is offered with the other plain words of the query's top level,
 * ANDed, and no excluded word, common word, field or word under an OR. */
Test(query, rewrite_offers_each_word_with_the_query_s_other_words)
{
    char *seen = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&seen, &len);
    cr_assert_not_null(f);
    essay_query *q = parse_ok("the crain of ichabod -sleepy title:hollow (brom OR bones)", 0);
    cr_assert_null(essay__query_rewrite(q, context_recorder, NULL, f, 0));
    essay__query_free(q);
    cr_assert_eq(fclose(f), 0);
    cr_assert_str_eq(seen, "crain: Query(Zichabod)\n"
                           "ichabod: Query(Zcrain)\n"
                           "hollow: Query((Zcrain AND Zichabod))\n"
                           "brom: Query((Zcrain AND Zichabod))\n"
                           "bones: Query((Zcrain AND Zichabod))\n");
    free(seen);
    q = parse_ok("crain", 0);
    f = open_memstream(&seen, &len);
    cr_assert_not_null(f);
    cr_assert_null(essay__query_rewrite(q, context_recorder, NULL, f, 0));
    essay__query_free(q);
    cr_assert_eq(fclose(f), 0);
    cr_assert_str_eq(seen, "crain: (none)\n");
    free(seen);
}

static char *author_corrector(const char *word, void *ctx)
{
    (void)ctx;
    return strcmp(word, "fredman") == 0 ? strdup("freedman") : NULL;
}

Test(query, rewrite_offers_the_words_of_an_author_field_to_the_author_corrector)
{
    essay_query *q = parse_ok("author:Fredman fredman author:\"lawrence fredman\" -author:fredman", 0);
    char *out = essay__query_rewrite(q, spelling_corrector, author_corrector, NULL, 0);
    essay__query_free(q);
    cr_assert_str_eq(out ? out : "(nothing)", "author:Freedman fredman author:\"lawrence freedman\" "
                                              "-author:fredman");
    free(out);
}

Test(query, whether_a_word_is_typed_as_a_name)
{
    const char *const named[] = { "what did Chesterten say", "o'Connell", "walden -Pond",
                                  "title:Walden pond" };
    const char *const unnamed[] = { "Walden pond", "what did chesterten say", "WALDEN" };
    for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
        essay_query *q = parse_ok(named[i], 0);
        cr_assert(essay__query_types_a_name(q), "'%s'", named[i]);
        essay__query_free(q);
    }
    for (size_t i = 0; i < sizeof unnamed / sizeof *unnamed; i++) {
        essay_query *q = parse_ok(unnamed[i], 0);
        cr_assert(!essay__query_types_a_name(q), "'%s'", unnamed[i]);
        essay__query_free(q);
    }
}

Test(query, rewrite_keeps_the_case_of_the_word_it_replaces)
{
    char *out = rewrite("securty Securty SECURTY S\xc3\xa9" "curty N\xc3\xba" "cler");
    cr_assert_not_null(out);
    cr_assert_str_eq(out, "security Security SECURITY Security Nuclear");
    free(out);
}

static char *name_corrector(const char *word, const char *stem, int as_name,
                            const xc_query *context, void *ctx)
{
    (void)context;
    (void)stem;
    int *names = ctx;
    *names += as_name;
    static const char *const fixes[][2] = {
        { "o'connell", "o'donnell" }, { "o'conell", "o'connell" }, { "mcdonnald", "mcdonald" },
        { "kallas", "pallas" },
    };
    for (size_t i = 0; i < sizeof fixes / sizeof fixes[0]; i++)
        if (strcmp(word, fixes[i][0]) == 0)
            return strdup(fixes[i][1]);
    return NULL;
}

/* 'text' rewritten by name_corrector(), with 'names': the result, and in
 * '*as_names' how many words were offered as names. */
static char *rewrite_names(const char *text, int names, int *as_names)
{
    essay_query *q = parse_ok(text, 0);
    *as_names = 0;
    char *out = essay__query_rewrite(q, name_corrector, NULL, as_names, names);
    essay__query_free(q);
    return out;
}

Test(query, rewrite_keeps_each_capital_of_a_name)
{
    /* a capital is never made small: each letter kept keeps its case, a
       letter changed takes the case of the one it replaces */
    int as_names;
    char *out = rewrite_names("O'Connell McDonnald Kallas", 0, &as_names);
    cr_assert_str_eq(out, "O'Donnell McDonald Pallas");
    cr_assert_eq(as_names, 0, "without 'names', nothing is offered as a name");
    free(out);
    out = rewrite_names("O'Conell", 0, &as_names);
    cr_assert_str_eq(out, "O'Connell");
    free(out);
}

Test(query, rewrite_offers_words_typed_as_names_as_names)
{
    int as_names;
    /* a capital but on the first word, or a capital inside a word */
    free(rewrite_names("what did Kallas say", 1, &as_names));
    cr_assert_eq(as_names, 1);
    free(rewrite_names("Kallas said", 1, &as_names));
    cr_assert_eq(as_names, 0, "the capital that begins a query says nothing");
    free(rewrite_names("O'Connell", 1, &as_names));
    cr_assert_eq(as_names, 1, "a capital after an apostrophe makes a name");
    free(rewrite_names("what did kallas say", 1, &as_names));
    cr_assert_eq(as_names, 0);
}

Test(query, rewrite_does_not_offer_stop_words)
{
    char *out = rewrite("what  did\tnucler");
    cr_assert_not_null(out);
    cr_assert_str_eq(out, "what  did\tnuclear");
    free(out);
    cr_assert_null(rewrite("what did"));
}

Test(query, rewrite_leaves_a_word_whose_correction_the_query_holds)
{
    /* the same folded form, in any case, excluded or not; or the same stem */
    cr_assert_null(rewrite("nucler OR Nuclear"));
    cr_assert_null(rewrite("nucler -nuclear"));
    cr_assert_null(rewrite("title:nuclear nucler"));
    cr_assert_null(rewrite("securty OR securities"));
    char *out = rewrite("nucler OR nuclear securty");
    cr_assert_not_null(out);
    cr_assert_str_eq(out, "nucler OR nuclear security");
    free(out);
}

Test(query, rewrite_returns_null_when_nothing_changes)
{
    cr_assert_null(rewrite("peace -nucler"));
    cr_assert_null(rewrite("author:freedmn"));
}

/* ---- matching on a hand-built index -------------------------------------- */

typedef struct {
    const char *text, *title, *author, *path, *date;
} paragraph;

/* Docids 1 to 4, in this order. */
static const paragraph paragraphs[] = {
    { "The security guarantees of the alliance were values-based and firm.",
      "Security in Europe", "Lawrence Freedman", "/corpus/freedman-europe.txt", "2024-05-10" },
    { "A guarantee of security is not the same as security itself.", "Ukraine and the West",
      "Anne Applebaum", "/corpus/applebaum-ukraine.txt", "2025-06-30" },
    { "Deterrence works when the threat is credible and the guarantees are clear.",
      "Deterrence", "Lawrence Freedman", "/corpus/freedman-deterrence.txt", "2025-07-01" },
    { "These are values based on history, and alliances endure.", "History", "Mary Beard",
      "/corpus/beard-history.md", "2023" },
};

static char tmpdir[64];
static xc_db *db;

typedef enum { BODY, TITLE, AUTHOR } field_kind;

typedef struct {
    xc_doc *doc;
    field_kind field;
} indexing;

static void add_term(xc_doc *doc, const char *prefix, const char *text, unsigned pos,
                     field_kind field)
{
    char term[256];
    int n = snprintf(term, sizeof term, "%s%s", prefix, text);
    cr_assert(n > 0 && (size_t)n < sizeof term);
    xc_error xe;
    int r = field == AUTHOR ? xc_doc_add_boolean_term(doc, term, (size_t)n, &xe)
            : pos ? xc_doc_add_posting(doc, term, (size_t)n, pos, 1, &xe)
                  : xc_doc_add_term(doc, term, (size_t)n, 1, &xe);
    cr_assert_eq(r, 0, "%s", xe.msg);
}

/* The terms private.h describes: Z+stem with positions and the bare word
 * without for the text, S+stem for the title, A+word for the author. */
static int index_token(const essay_token *t, void *ctx)
{
    indexing *ix = ctx;
    if (ix->field == BODY) {
        add_term(ix->doc, ESSAY_PREFIX_STEM, t->stem, t->position + 1, BODY);
        add_term(ix->doc, "", t->term, 0, BODY);
    } else if (ix->field == TITLE)
        add_term(ix->doc, ESSAY_PREFIX_TITLE, t->stem, 0, TITLE);
    else
        add_term(ix->doc, ESSAY_PREFIX_AUTHOR, t->term, 0, AUTHOR);
    return 0;
}

static void index_field(xc_doc *doc, field_kind field, const char *text)
{
    indexing ix = { doc, field };
    cr_assert_eq(essay_analyze(an, text, strlen(text), index_token, &ix), ESSAY_OK);
}

static void add_boolean(xc_doc *doc, const char *prefix, const char *text, size_t len)
{
    char term[256];
    int n = snprintf(term, sizeof term, "%s%.*s", prefix, (int)len, text);
    cr_assert(n > 0 && (size_t)n < sizeof term);
    cr_assert_eq(xc_doc_add_boolean_term(doc, term, (size_t)n, NULL), 0);
}

static void index_paragraph(xc_wdb *w, const paragraph *p)
{
    xc_doc *doc = xc_doc_new(NULL);
    cr_assert_not_null(doc);
    index_field(doc, BODY, p->text);
    index_field(doc, TITLE, p->title);
    index_field(doc, AUTHOR, p->author);
    const char *name = strrchr(p->path, '/') + 1, *dot = strrchr(name, '.');
    add_boolean(doc, ESSAY_PREFIX_PATH, p->path, strlen(p->path));
    add_boolean(doc, ESSAY_PREFIX_PATH, name, strlen(name));
    add_boolean(doc, ESSAY_PREFIX_PATH, name, (size_t)(dot - name));
    add_boolean(doc, ESSAY_PREFIX_YEAR, p->date, 4);
    cr_assert_eq(xc_doc_set_value(doc, ESSAY_SLOT_DATE, p->date, strlen(p->date), NULL), 0);
    cr_assert_eq(xc_wdb_add(w, doc, NULL, NULL), 0);
    xc_doc_free(doc);
}

static void index_setup(void)
{
    analyzer_setup();
    strcpy(tmpdir, "/tmp/test_query.XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
    xc_error xe;
    xc_wdb *w = xc_wdb_open(tmpdir, XC_CREATE | XC_NO_SYNC, &xe);
    cr_assert_not_null(w, "%s", xe.msg);
    for (size_t i = 0; i < sizeof paragraphs / sizeof paragraphs[0]; i++)
        index_paragraph(w, &paragraphs[i]);
    cr_assert_eq(xc_wdb_close(w, &xe), 0, "%s", xe.msg);
    db = xc_db_open(tmpdir, &xe);
    cr_assert_not_null(db, "%s", xe.msg);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(path);
}

static void index_teardown(void)
{
    xc_db_close(db);
    nftw(tmpdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    analyzer_teardown();
}

TestSuite(query_index, .init = index_setup, .fini = index_teardown);

/* The docids 'text' matches, ascending, as "1 3". */
static void assert_matches_mode(const char *text, int match_any, int fitted,
                                const char *expected)
{
    essay_query *q = parse_ok(text, match_any);
    xc_error xe;
    if (fitted)     /* to the index, as a search fits it (essay__query_fit_index()) */
        cr_assert_eq(essay__query_fit_index(q, db, &xe), 0, "'%s': %s", text, xe.msg);
    xc_query *x = build_ok(q);
    xc_enquire *enq = xc_enquire_new(db, &xe);
    cr_assert_not_null(enq, "%s", xe.msg);
    cr_assert_eq(xc_enquire_set_query(enq, x, &xe), 0, "%s", xe.msg);
    xc_mset *m = xc_enquire_mset(enq, 0, 10, 10, &xe);
    cr_assert_not_null(m, "query '%s': %s", text, xe.msg);
    int found[8] = { 0 };
    for (size_t i = 0; i < xc_mset_size(m); i++) {
        xc_docid id = xc_mset_docid(m, i);
        cr_assert(id >= 1 && id <= 4);
        found[id] = 1;
    }
    char got[32] = "";
    for (int id = 1; id <= 4; id++)
        if (found[id])
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%d", got[0] ? " " : "", id);
    cr_assert_str_eq(got, expected, "query '%s'", text);
    xc_mset_free(m);
    xc_enquire_free(enq);
    xc_query_free(x);
    essay__query_free(q);
}

static void assert_matches(const char *text, const char *expected)
{
    assert_matches_mode(text, 0, 0, expected);
}

Test(query_index, words_and_phrases)
{
    assert_matches("security guarantees", "1 2");
    assert_matches("\"security guarantee\"", "1");
    assert_matches("\"guarantees of security\"", "2");
    assert_matches("values-based", "1 4");
    assert_matches("=guarantee", "2");
    assert_matches("=guarantees", "1 3");
    assert_matches("guarant*", "1 2 3");
    assert_matches("Deter*", "3");
}

Test(query_index, operators)
{
    assert_matches("security -alliance", "2");
    assert_matches("guarantees NOT \"security itself\"", "1 3");
    assert_matches("deterrence OR alliance", "1 3 4");
    assert_matches("deterrence alliance", "");
    assert_matches_mode("deterrence alliance", 1, 0, "1 3 4");
    assert_matches("threat NEAR credible", "3");
    assert_matches("deterrence NEAR/3 clear", "");
    assert_matches("deterrence NEAR/20 clear", "3");
    assert_matches("(security OR deterrence) -\"security itself\"", "1 3");
}

Test(query_index, fields)
{
    assert_matches("title:security", "1");
    assert_matches("title:\"ukraine west\"", "2");
    assert_matches("title:europe guarantees", "1");
    assert_matches("author:freedman", "1 3");
    assert_matches("author:\"Anne Applebaum\"", "2");
    assert_matches("security author:freedman", "1");
    assert_matches("guarantee -author:freedman", "2");
    assert_matches("security OR author:beard", "1 2 4");
    assert_matches("essay:freedman", "1 3");
    assert_matches("essay:freedman-europe", "1");
    /* a file name in small letters or capitalised, whichever way it is typed */
    assert_matches("essay:Freedman", "1 3");
    assert_matches("essay:FREEDMAN-europe", "1");
    assert_matches("essay:Freedmann", "");
    assert_matches("essay:beard-history.md", "4");
    assert_matches("essay:/corpus/apple", "2");
}

/* essay:name that begins no file name stands for those with a part that
 * begins with it, in either case: the name after the author's
 * ("essay:europe", "essay:Deterrence"), a part of it ("essay:history.md");
 * a name that begins one keeps to those ("essay:freedman" is no part of
 * another's name here, "essay:beard" begins one); a part must begin where
 * a part does ("essay:urope"), and a path is a path ("essay:/europe"). */
Test(query_index, an_essay_name_is_found_by_a_part_of_the_file_name)
{
    assert_matches_mode("essay:europe", 0, 1, "1");
    assert_matches_mode("essay:Deterrence", 0, 1, "3");
    assert_matches_mode("essay:UKRAINE guarantees", 0, 1, "2");
    assert_matches_mode("essay:history.md", 0, 1, "4");
    assert_matches_mode("essay:freedman", 0, 1, "1 3");
    assert_matches_mode("essay:beard", 0, 1, "4");
    assert_matches_mode("essay:europe OR essay:deterrence", 0, 1, "1 3");
    assert_matches_mode("security -essay:europe", 0, 1, "2");
    assert_matches_mode("essay:urope", 0, 1, "");
    assert_matches_mode("essay:/europe", 0, 1, "");
    assert_matches_mode("essay:zzz", 0, 1, "");
    assert_matches("essay:europe", "");     /* unfitted: as typed */
}

Test(query_index, years_and_dates)
{
    assert_matches("year:2025", "2 3");
    assert_matches("year:2023..2024", "1 4");
    assert_matches("date:2024..2025-06", "1 2");
    assert_matches("date:2025-06", "2");
    assert_matches("date:2025..", "2 3");
    assert_matches("date:..2024", "1 4");
    assert_matches("guarantees date:2025", "2 3");
}

Test(query, unquoted_makes_every_quote_the_language_reads_a_space)
{
    char *s = essay__query_unquoted("\"a b\" \xe2\x80\x9c" "c\xe2\x80\x9d d\xe2\x80");
    cr_assert_str_eq(s, " a b     c    d\xe2\x80", "straight and curly quotes; a cut one stays");
    free(s);
}

Test(query, blanked_makes_every_unicode_space_as_many_spaces)
{
    char *s = essay__query_blanked("a\xc2\xa0" "b\xe2\x80\x89" "c\xe2\x80\xaf" "d\xe3\x80\x80" "e");
    cr_assert_str_eq(s, "a  b   c   d   e", "no-break, thin, narrow no-break, ideographic");
    free(s);
    /* a cut character is no space, and the byte after it stays */
    s = essay__query_blanked("x\xe2\x80(y\xc2");
    cr_assert_str_eq(s, "x\xe2\x80(y\xc2");
    free(s);
}

Test(query, apart_takes_the_words_of_a_phrase_apart)
{
    char *s = essay__query_apart("\"a b\" chesterton-shaw note/walden note:walden u.s. 4.5 "
                                 "-pond essay:irving-washington title:sketch-book caf\xc3\xa9-bar");
    cr_assert_str_eq(s, " a b  chesterton shaw note walden note walden u s. 4.5 -pond "
                        "essay:irving-washington title:sketch-book caf\xc3\xa9 bar");
    free(s);
}

Test(query, filters_are_the_author_year_and_date_fields_as_lexed)
{
    const char *text = "author:\"Oscar Wilde\" art year:1854 -date:1850..1860 title:x "
                       "NOT author:poe essay:walden";
    essay_query_filter f[8];
    cr_assert_eq(essay__query_filters(text, f, 8), 4);
    const char *const whole[] = { "author:\"Oscar Wilde\"", "year:1854", "date:1850..1860",
                                  "author:poe" };
    const char *const value[] = { "Oscar Wilde", "1854", "1850..1860", "poe" };
    const int author[] = { 1, 0, 0, 1 }, year[] = { 0, 1, 0, 0 }, excluded[] = { 0, 0, 1, 1 };
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(f[i].end - f[i].start, strlen(whole[i]), "%zu", i);
        cr_assert(strncmp(text + f[i].start, whole[i], strlen(whole[i])) == 0, "%zu", i);
        cr_assert_eq(f[i].value_len, strlen(value[i]), "%zu", i);
        cr_assert(strncmp(text + f[i].value, value[i], f[i].value_len) == 0, "%zu", i);
        cr_assert_eq(f[i].author, author[i], "%zu", i);
        cr_assert_eq(f[i].year, year[i], "%zu", i);
        cr_assert_eq(f[i].excluded, excluded[i], "%zu", i);
    }
    cr_assert_eq(essay__query_filters(text, f, 2), 2, "at most as many as asked");
    cr_assert_eq(essay__query_filters("author:x \"open", f, 8), 0, "a query that does not lex");
    cr_assert_eq(essay__query_filters("walden pond", f, 8), 0);
}

static int is_question(const char *text)
{
    essay_query *q = parse_ok(text, 1);
    int question = essay__query_is_question(q);
    essay__query_free(q);
    return question;
}

Test(query, a_question_is_words_after_a_question_word_or_before_a_question_mark)
{
    cr_assert(is_question("who wrote about running after a hat"));
    cr_assert(is_question("What's the point of lying in bed"));
    cr_assert(is_question("  HOW do pigeons find home"));
    cr_assert(is_question("security guarantees?"));
    cr_assert(is_question("is it a well-known fact ? "));
    cr_assert(is_question("who said \"the mass of men"), "a quote that closes nothing");
    cr_assert(is_question("\xe2\x80\x9c" "should we not then be gods?"));
    /* a word that only begins like one, one word, or the query language */
    cr_assert(!is_question("security guarantees"));
    cr_assert(!is_question("whoever wrote it"));
    cr_assert(!is_question("why?"));
    cr_assert(!is_question("who \"running after\" hat"));
    cr_assert(!is_question("who wrote -hat"));
    cr_assert(!is_question("who wrote OR said"));
    cr_assert(!is_question("who wrote title:hat"));
    cr_assert(!is_question("who wrote run*"));
    cr_assert(!is_question("who wrote =hats"));
    /* a text asked for on a subject, as a question asks of one */
    cr_assert(is_question("an essay about friendship"));
    cr_assert(is_question("essays on death and dying"));
    cr_assert(is_question("The quote about quiet desperation"));
    cr_assert(!is_question("essays of elia"), "a title");
    cr_assert(!is_question("an essay on"), "no subject");
    cr_assert(!is_question("stevenson essay about travel"), "the text is not asked for first");
}

/* essay__query_closest() of 'text' (parsed as all-words): all but one of 4
 * to 6 words, runs of 'runs' words or more (0: none). */
static void assert_closest(const char *text, size_t runs, const char *expected)
{
    essay_query *q = parse_ok(text, 0);
    char *got = essay__query_closest(q, 4, 6, runs ? runs : SIZE_MAX, NULL, 0);
    if (expected == NULL)
        cr_assert_null(got, "'%s' gave '%s'", text, got);
    else
        cr_assert_str_eq(got, expected);
    free(got);
    essay__query_free(q);
}

Test(query, all_of_a_querys_words_but_one)
{
    assert_closest("Walking tours alone, taken", 0, "(tours alone taken) OR (Walking alone taken) OR "
                   "(Walking tours taken) OR (Walking tours alone)");
    /* common words and a word again (by its stem) do not count */
    assert_closest("a walking tour should be taken alone, tours", 0,
                   "(tour taken alone) OR (walking taken alone) OR (walking tour alone) OR "
                   "(walking tour taken)");
    /* too few, too many, or not plain words */
    assert_closest("walking tour alone", 0, NULL);
    assert_closest("one two three four five six seven", 0, NULL);
    assert_closest("\"walking tour\" taken alone now", 4, NULL);
    assert_closest("walking tour taken alone -now", 4, NULL);
    assert_closest("title:walking tour taken alone", 4, NULL);
    assert_closest("walking OR tour taken alone now", 4, NULL);
}

Test(query, three_of_a_querys_words_in_a_row)
{
    /* every three in a row as typed, common words counted, but three of them */
    assert_closest("we do not ride on the railway", 4,
                   "\"do not ride\" OR \"not ride on\" OR \"ride on the\" OR \"on the railway\"");
    assert_closest("march to a different drummer", 4,
                   "\"march to a\" OR \"to a different\" OR \"a different drummer\"");
    /* after all but one, when both apply */
    assert_closest("walking tours alone, taken", 4,
                   "(tours alone taken) OR (walking alone taken) OR (walking tours taken) OR "
                   "(walking tours alone) OR \"walking tours alone\" OR \"tours alone taken\"");
    /* too few words, or only common ones */
    assert_closest("a different drummer", 4, NULL);
    assert_closest("it is what it was", 4, NULL);
}

/* essay__query_asked_of() of 'text' (parsed as a question is: any word)
 * with a name of 'words' words: the name asked of, its words folded,
 * Xapian's description of the query of its name terms, and the query
 * without it; or NULLs. */
static void assert_asked_of(const char *text, size_t words, const char *name,
                            const char *folded, const char *names, const char *rest)
{
    essay_query *q = parse_ok(text, 1);
    char *got_name, *got_folded, *got_rest;
    xc_query *got_names;
    int asked = essay__query_asked_of(q, words, &got_name, &got_folded, &got_names, &got_rest);
    cr_assert_eq(asked, name != NULL, "'%s'", text);
    if (name != NULL) {
        char *d = xc_query_describe(got_names);
        cr_assert_str_eq(got_name, name);
        cr_assert_str_eq(got_folded, folded);
        cr_assert(d != NULL && strstr(d, names) != NULL, "'%s' named %s", text, d);
        cr_assert_str_eq(got_rest, rest);
        free(d);
    } else {
        cr_assert(got_name == NULL && got_folded == NULL && got_names == NULL
                  && got_rest == NULL);
    }
    free(got_name);
    free(got_folded);
    xc_query_free(got_names);
    free(got_rest);
    essay__query_free(q);
}

Test(query, whom_a_question_asks_of)
{
    assert_asked_of("what did Thoreau say about the railroad", 1, "Thoreau", "thoreau",
                    "Nthoreau", "what did  say about the railroad");
    assert_asked_of("why did thoreau go to jail?", 1, "thoreau", "thoreau", "Nthoreau",
                    "why did  go to jail?");
    assert_asked_of("why did thoreau go to jail?", 2, "thoreau go", "thoreau go",
                    "(Nthoreau AND Ngo)", "why did  to jail?");
    assert_asked_of("What does Stevenson's essay say of idleness", 1, "Stevenson",
                    "stevenson's", "Nstevenson", "What does  essay say of idleness");
    assert_asked_of("what did Henry James write about", 2, "Henry James", "henry james",
                    "(Nhenri AND Njame)", "what did  write about");
    /* after "is" or "was", a possessive only */
    assert_asked_of("what was Stevenson’s advice to young men", 1, "Stevenson",
                    "stevenson's", "Nstevenson", "what was  advice to young men");
    assert_asked_of("who was John Bull really", 2, NULL, NULL, NULL, NULL);
    /* a name typed on past the words: "Charles Lamb" is not asked of Charles, but a
       query in title case says nothing by its capitals */
    assert_asked_of("what did Charles Lamb say about roast pig", 1, NULL, NULL, NULL, NULL);
    assert_asked_of("what did Charles Lamb say about roast pig", 2, "Charles Lamb",
                    "charles lamb", "(Ncharl AND Nlamb)", "what did  say about roast pig");
    assert_asked_of("What Did Stevenson Say About Idleness", 1, "Stevenson", "stevenson",
                    "Nstevenson", "What Did  Say About Idleness");
    assert_asked_of("what is art for", 1, NULL, NULL, NULL, NULL);
    /* a common word in the name, no auxiliary, nothing after it, or not a
       question */
    assert_asked_of("what did Henry James write about", 3, NULL, NULL, NULL, NULL);
    assert_asked_of("what Thoreau said about the railroad", 1, NULL, NULL, NULL, NULL);
    assert_asked_of("what is the railroad like", 1, NULL, NULL, NULL, NULL);
    assert_asked_of("what did Thoreau", 1, NULL, NULL, NULL, NULL);
    assert_asked_of("thoreau did say railroad", 1, NULL, NULL, NULL, NULL);
    /* a question that ends "according to" a name: of that name, without it */
    assert_asked_of("what is tradition according to Chesterton", 1, "Chesterton", "chesterton",
                    "Nchesterton", "what is tradition ");
    assert_asked_of("what is tradition according to G K Chesterton?", 3, "G K Chesterton",
                    "g k chesterton", "(Ng AND Nk AND Nchesterton)", "what is tradition ?");
    assert_asked_of("according to Chesterton what is tradition", 1, NULL, NULL, NULL, NULL);
    assert_asked_of("tradition according to Chesterton", 1, NULL, NULL, NULL, NULL);
    /* not a question ("captain on the ship" is no author's piece on ships) */
    assert_asked_of("thoreau on walking", 1, NULL, NULL, NULL, NULL);
    /* read for every word: a question a paragraph holds word for word is a quote */
    essay_query *q = parse_ok("what did Thoreau say about the railroad", 0);
    char *name, *folded, *rest;
    xc_query *names;
    cr_assert_eq(essay__query_asked_of(q, 1, &name, &folded, &names, &rest), 0);
    cr_assert(name == NULL && folded == NULL && rest == NULL && names == NULL);
    essay__query_free(q);
}

/* A query made from 'text' (match_any as given) by 'make' (essay__query_names(),
 * essay__query_build_every()): Xapian's description holds 'expected', or
 * with NULL, there is none. */
static void assert_made(int (*make)(const essay_query *, xc_query **, xc_error *),
                        const char *text, int match_any, const char *expected)
{
    essay_query *q = parse_ok(text, match_any);
    xc_query *made = NULL;
    xc_error xe;
    cr_assert_eq(make(q, &made, &xe), 0, "'%s'", text);
    char *d = made ? xc_query_describe(made) : NULL;
    if (expected == NULL)
        cr_assert_null(d, "'%s' made %s", text, d);
    else
        cr_assert(d != NULL && strstr(d, expected) != NULL, "'%s' made %s, expected %s", text,
                  d ? d : "nothing", expected);
    free(d);
    xc_query_free(made);
    essay__query_free(q);
}

/* "thoreau" names essays (their author), no other word does. */
static int thoreau_names_essays(const char *stem, void *ctx)
{
    (void)ctx;
    return strcmp(stem, "thoreau") == 0;
}

/* Every word is a name (the test's essays are named by "thoreau" alone). */
static int any_is_name(const char *term, void *ctx)
{
    (void)term;
    (void)ctx;
    return 1;
}

/* No word is a name: "thoreau" names essays as "walking" names Thoreau's. */
static int no_name(const char *term, void *ctx)
{
    (void)term;
    (void)ctx;
    return 0;
}

static int build_every(const essay_query *q, xc_query **every, xc_error *xe)
{
    return essay__query_build_every(q, thoreau_names_essays, any_is_name, NULL, every, xe);
}

static int build_every_no_name(const essay_query *q, xc_query **every, xc_error *xe)
{
    return essay__query_build_every(q, thoreau_names_essays, no_name, NULL, every, xe);
}

static void assert_every(const char *text, const char *expected)
{
    assert_made(build_every, text, 1, expected);
}

static void assert_names(const char *text, int match_any, const char *expected)
{
    assert_made(essay__query_names, text, match_any, expected);
}

Test(query, every_word_of_an_any_query)
{
    assert_every("who was Ichabod Crane", "(Zichabod@3 AND Zcrane@4)");
    assert_every("ichabod crane -hollow", "AND_NOT");
    /* a word that names essays ranks, not needed: the author's text seldom
       names him */
    assert_every("thoreau railroad woods", "((Zrailroad@2 AND Zwood@3) AND_MAYBE Zthoreau@1)");
    assert_every("thoreau railroad", "(Zrailroad@2 AND_MAYBE Zthoreau@1)");
    /* a word that names essays and is no name is needed as the others are */
    assert_made(build_every_no_name, "thoreau railroad woods", 1,
                "(Zthoreau@1 AND Zrailroad@2 AND Zwood@3)");
    /* one word besides common ones, only names, or an OR */
    assert_every("who was Ichabod", NULL);
    assert_every("what did thoreau say", NULL);
    assert_every("ichabod OR crane", NULL);
}

/* essay__query_named_words() of 'text' (all words): the names' query, the
 * others', the naming words' in the text and the phrases beside them, each
 * holding what is expected (NULL: none). */
static void assert_named_words(const char *text, const char *names, const char *others,
                               const char *in_text, const char *adjacent)
{
    essay_query *q = parse_ok(text, 0);
    essay_named_words w;
    xc_error xe;
    cr_assert_eq(essay__query_named_words(q, thoreau_names_essays, any_is_name, NULL, &w, &xe), 0, "'%s'", text);
    const char *want[] = { names, others, in_text, adjacent };
    xc_query *got[] = { w.names, w.others, w.text, w.adjacent };
    for (size_t k = 0; k < 4; k++) {
        char *d = got[k] ? xc_query_describe(got[k]) : NULL;
        cr_assert((want[k] == NULL) == (d == NULL) && (!want[k] || strstr(d, want[k])),
                  "'%s', part %zu: %s", text, k, d ? d : "none");
        free(d);
    }
    essay__named_words_clear(&w);
    essay__query_free(q);
}

Test(query, the_words_that_name_an_author_and_the_others)
{
    assert_named_words("thoreau railroad", "Nthoreau", "Zrailroad@2", "Zthoreau",
                       "(Zthoreau@1 PHRASE 2 Zrailroad@2)");
    assert_named_words("Thoreau on the railroad", "Nthoreau",
                       "(Zon@2 AND Zthe@3 AND Zrailroad@4)", "Zthoreau", NULL);
    assert_named_words("henry thoreau walden", "Nthoreau", "(Zhenri@1 AND Zwalden@3)",
                       "Zthoreau", "(Zhenri@1 PHRASE 2 Zthoreau@2)");
    /* no word names an author, every word (common ones aside) does, or not
       plain words that must all be found */
    assert_named_words("walden railroad", NULL, NULL, NULL, NULL);
    assert_named_words("thoreau on the", NULL, NULL, NULL, NULL);
    assert_named_words("thoreau \"the railroad\"", NULL, NULL, NULL, NULL);
    assert_named_words("thoreau OR railroad", NULL, NULL, NULL, NULL);
    assert_named_words("thoreau -railroad", NULL, NULL, NULL, NULL);
}

/* "thoreau" and "walking" name essays (Thoreau's "Walking"); "walking" is
 * no name. */
static int thoreau_and_walking_name_essays(const char *stem, void *ctx)
{
    (void)ctx;
    return strcmp(stem, "thoreau") == 0 || strcmp(stem, "walk") == 0;
}

static int thoreau_is_a_name(const char *term, void *ctx)
{
    (void)ctx;
    return strcmp(term, "thoreau") == 0;
}

/* A word that names essays but is no name is one of the others: "stevenson
 * walking" asks for Stevenson's paragraphs on walking, though Thoreau's
 * "Walking" is named by the word too. */
Test(query, a_word_naming_essays_that_is_no_name_is_one_of_the_others)
{
    essay_query *q = parse_ok("thoreau walking", 0);
    essay_named_words w;
    xc_error xe;
    cr_assert_eq(essay__query_named_words(q, thoreau_and_walking_name_essays, thoreau_is_a_name,
                                          NULL, &w, &xe), 0);
    char *names = w.names ? xc_query_describe(w.names) : NULL;
    char *others = w.others ? xc_query_describe(w.others) : NULL;
    cr_assert_str_eq(names ? names : "none", "Query(Nthoreau)");
    cr_assert_str_eq(others ? others : "none", "Query(Zwalk@2)");
    free(names);
    free(others);
    essay__named_words_clear(&w);
    essay__query_free(q);
}

Test(query, the_essays_a_query_names)
{
    assert_names("montaigne", 0, "Nmontaign");
    assert_names("Quintus Ennius", 0, "(Nquintus AND Nennius)");
    assert_names("what did the Ennius write", 1, "Nennius");
    /* a phrase, an operator, an exclusion, a field, or common words alone */
    assert_names("\"quintus ennius\"", 0, NULL);
    assert_names("ennius OR montaigne", 0, NULL);
    assert_names("ennius -rivers", 0, NULL);
    assert_names("title:rivers ennius", 0, NULL);
    assert_names("the of", 0, NULL);
}

/* The index of essays[0..n), made in the directory 'dir' (a mkdtemp()
 * template), opened. */
static xc_db *fixture_db(char *dir, const char *const essays[][2], size_t n)
{
    char path[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/index", dir);
    fixture_index(path, essays, n);
    xc_error xe;
    xc_db *index_db = xc_db_open(path, &xe);
    cr_assert_not_null(index_db, "%s", xe.msg);
    return index_db;
}

/* What 'text' builds once fitted to 'index_db' (essay__query_fit_index()):
 * for paragraphs, or with 'essays' for the essay database.  Malloc'd. */
static char *describe_fitted(const char *text, xc_db *index_db, int essays)
{
    essay_query *q = parse_ok(text, 0);
    xc_error xe;
    int ranked = 1;
    cr_assert_eq(essay__query_fit_index(q, index_db, &xe), 0, "'%s': %s", text, xe.msg);
    xc_query *x = essays ? essay__query_build_essays(q, &ranked, &xe) : essay__query_build(q, &xe);
    char *d = x ? xc_query_describe(x) : strdup(ranked ? "failed" : "no essay query");
    xc_query_free(x);
    essay__query_free(q);
    return d;
}

static void assert_fitted(const char *text, xc_db *index_db, int essays, const char *expected)
{
    char *d = describe_fitted(text, index_db, essays);
    cr_assert(strstr(d, expected) != NULL, "'%s' fitted built %s, expected %s", text, d,
              expected);
    free(d);
}

/* "wild" names essays ("Wild Apples"). */
static int wild_names_essays(const char *stem, void *ctx)
{
    (void)ctx;
    return strcmp(stem, "wild") == 0;
}

/* Into 'buf' (of 'size' bytes) the heading 'title', then 'text' 'times'
 * times, each followed by a blank line; returns 'buf'. */
static char *repeated(char *buf, size_t size, const char *title, const char *text, int times)
{
    int n = snprintf(buf, size, "%s\n\n", title);
    for (int i = 0; i < times && n > 0 && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, "%s\n\n", text);
    cr_assert(n > 0 && (size_t)n < size, "the text of '%s' fits its buffer", title);
    return buf;
}

/* Thoreau's "Wild Apples" (twenty paragraphs of "wild", one of "wildness")
 * and two essays naming Wilde: "wilde" is 2 of the 23 paragraphs of the
 * stem "wild", under one in ten, and written as a name; "wildness" is 1,
 * written small. */
static xc_db *wild_and_wilde(char *dir)
{
    static char apples[4096];
    repeated(apples, sizeof apples, "Wild Apples", "The wild apple grows in America by the wall.",
             20);
    strcat(apples, "I love the wildness of the crab.\n");
    static const char *essays[][2] = {
        { "apples.txt", apples },
        { "lectures.txt", "Lectures\n\nIn 1882 Oscar Wilde lectured in America.\n" },
        { "legends.txt", "Legends\n\nThese legends of Ireland were told by Lady Wilde.\n" },
    };
    return fixture_db(dir, essays, 3);
}

/* A prefix* fitted to an index is the synonym of its words there, the
 * most frequent first: over shards, the same on every one. */
Test(query, a_prefix_fitted_to_an_index_is_its_words_there)
{
    char dir[] = "/tmp/test_query_prefix.XXXXXX";
    xc_db *index_db = wild_and_wilde(dir);
    assert_fitted("wil*", index_db, 0, "(wild SYNONYM wilde SYNONYM wildness)");
    assert_fitted("crab wil*", index_db, 0,
                  "(Zcrab@1 AND 1 * (wild SYNONYM wilde SYNONYM wildness))");
    char *d = describe_fitted("zebr*", index_db, 0);
    cr_assert_null(strstr(d, "WILDCARD"), "expanded to nothing: %s", d);
    free(d);
    xc_db_close(index_db);
    essay__remove_tree(dir, NULL);
}

/* A possessive typed without its apostrophe is no name the stemmer
 * changed: "harpers" (the Harpers, publishers, in one paragraph) is
 * "Harper's" (twelve), and searched by its stem, as "harper's" is. */
Test(query, a_possessive_typed_without_its_apostrophe_is_searched_as_the_word)
{
    static char raid[4096];
    repeated(raid, sizeof raid, "The Raid", "The men of Brown took Harper's Ferry by night.", 12);
    static const char *essays[][2] = {
        { "raid.txt", raid },
        { "letters.txt", "Letters\n\nThen the Harpers declined to print my book.\n" },
    };
    char dir[] = "/tmp/test_query_possessive.XXXXXX";
    xc_db *index_db = fixture_db(dir, essays, 2);
    assert_fitted("harpers ferry", index_db, 0, "(Zharper@1 AND Zferri@2)");
    xc_db_close(index_db);
    essay__remove_tree(dir, NULL);
}

Test(query, a_name_the_stemmer_makes_another_word_is_searched_as_typed)
{
    char dir[] = "/tmp/test_query_names.XXXXXX";
    xc_db *index_db = wild_and_wilde(dir);
    assert_fitted("wilde", index_db, 0, "Query(wilde@1)");
    assert_fitted("Wilde", index_db, 0, "Query(wilde@1)");
    assert_fitted("wilde america", index_db, 0, "(wilde@1 AND Zamerica@2)");
    assert_fitted("apples -wilde", index_db, 0, "AND_NOT wilde@2");
    /* its title terms are stems too: no bonus for "Wild Apples" */
    char *d = describe_fitted("wilde america", index_db, 0);
    cr_assert_null(strstr(d, "Swild"), "%s", d);
    free(d);
    /* the essay database has only stems: the stem, with no weight, and an
       essay holds the name when a paragraph does (a part, like a phrase) */
    assert_fitted("wilde america", index_db, 1, "0 * Zwild@1");
    assert_fitted("wilde", index_db, 1, "no essay query");
    essay_query *q = parse_ok("wilde america", 0);
    xc_error xe;
    cr_assert_eq(essay__query_fit_index(q, index_db, &xe), 0);
    cr_assert_eq(essay__query_parts(q), 2);
    xc_query *phrases[4];
    cr_assert_eq(essay__query_phrases(q, phrases, 4, &xe), 1);
    d = xc_query_describe(phrases[0]);
    cr_assert_str_eq(d, "Query(wilde@1)");
    free(d);
    xc_query_free(phrases[0]);
    essay__query_free(q);
    /* nor does it name the essays whose names hold its stem ("Wild Apples"):
       the essay unit asks a paragraph to hold it as typed */
    q = parse_ok("wilde america", 0);
    cr_assert_eq(essay__query_fit_index(q, index_db, &xe), 0);
    essay_named_words named;
    cr_assert_eq(essay__query_named_words(q, wild_names_essays, any_is_name, NULL, &named,
                                          &xe), 0);
    cr_assert_null(named.names);
    essay__named_words_clear(&named);
    essay__query_free(q);
    /* read as any of the words, it names an author (his essays' names hold its
       stem): it ranks, and is not needed, as typed as it is */
    q = parse_ok("wilde america", 1);
    cr_assert_eq(essay__query_fit_index(q, index_db, &xe), 0);
    xc_query *every = NULL;
    cr_assert_eq(essay__query_build_every(q, wild_names_essays, any_is_name, NULL, &every, &xe),
                 0);
    d = every ? xc_query_describe(every) : NULL;
    cr_assert(d != NULL && strstr(d, "(Zamerica@2 AND_MAYBE wilde@1)") != NULL, "%s",
              d ? d : "no query");
    free(d);
    xc_query_free(every);
    essay__query_free(q);
    /* the snippet highlights it as exact */
    q = parse_ok("wilde america", 0);
    cr_assert_eq(essay__query_fit_index(q, index_db, &xe), 0);
    essay_matchset *m = essay__query_matchset(q);
    cr_assert(m != NULL && m->n == 2);
    cr_assert_eq(m->groups[0].terms[0].kind, ESSAY_MATCH_EXACT);
    cr_assert_str_eq(m->groups[0].terms[0].text, "wilde");
    cr_assert_eq(m->groups[1].terms[0].kind, ESSAY_MATCH_STEM);
    essay__query_free(q);
    /* an ordinary word, a word as the user wrote it otherwise, is stemmed;
       a rare form of its stem gives the paragraphs holding it a bonus, which
       the essays, holding stems only, have not */
    assert_fitted("wildness", index_db, 0,
                  "Query(((Zwild@1 AND_MAYBE 0.5 * Swild) AND_MAYBE 1 * wildness))");
    d = describe_fitted("wildness", index_db, 1);
    cr_assert(strstr(d, "AND_MAYBE 0.5 * Swild))") != NULL && strstr(d, "1 * wildness") == NULL,
              "%s", d);
    free(d);
    assert_fitted("wild", index_db, 0, "Query((Zwild@1 AND_MAYBE 0.5 * Swild))");
    assert_fitted("\"wildness\" crab", index_db, 0, "Query(((Zwild@1 AND Zcrab@2) AND_MAYBE");
    d = describe_fitted("\"wildness\" crab -wildness", index_db, 0);
    cr_assert_null(strstr(d, "1 * wildness"), "quoted or excluded, no bonus: %s", d);
    free(d);
    assert_fitted("\"wilde\"", index_db, 0, "Zwild@1");
    assert_fitted("wilde NEAR america", index_db, 0, "(Zwild@1 NEAR 11 Zamerica@2)");
    assert_fitted("title:wilde", index_db, 0, "Swild");
    xc_db_close(index_db);
    essay__remove_tree(dir, NULL);
}

/* A word written as a name in one paragraph alone is no name searched as
 * typed: "wellbeing", capitalised once, is the stem of the twelve
 * paragraphs saying "well-being". */
Test(query, a_word_written_as_a_name_once_is_searched_by_its_stem)
{
    static char garden[4096];
    repeated(garden, sizeof garden, "The Garden", "The well-being of plants needs water and light.",
             12);
    static const char *essays[][2] = {
        { "garden.txt", garden },
        { "lectures.txt", "Lectures\n\nHe spoke of Wellbeing, the theme of the year.\n" },
    };
    char dir[] = "/tmp/test_query_wellbeing.XXXXXX";
    xc_db *index_db = fixture_db(dir, essays, 2);
    char *d = describe_fitted("wellbeing", index_db, 0);
    cr_assert(strstr(d, "Zwellb") != NULL, "%s", d);
    free(d);
    xc_db_close(index_db);
    essay__remove_tree(dir, NULL);
}

/* A name is searched as typed, however large its share of its stem, when
 * the stem is a word of its own the paragraphs write small and the name
 * is the stem and a final e: "hawthorne" (six paragraphs naming the
 * novelist) is most of the stem "hawthorn" (four, a tree); "States" and
 * "United", written as names in "United States", are inflections of
 * "state" and "unite" and stay stemmed. */
Test(query, a_name_whose_stem_is_another_word_written_small_is_searched_as_typed)
{
    static char novels[2048], hedges[2048];
    repeated(novels, sizeof novels, "Novels",
             "In Salem, Hawthorne wrote of the United States and its past.", 6);
    repeated(hedges, sizeof hedges, "Hedges",
             "The hawthorn flowers in May; the state of the hedge is good.\n\n"
             "A unit of men marched to unite the towns.", 4);
    static const char *essays[][2] = { { "novels.txt", novels }, { "hedges.txt", hedges } };
    char dir[] = "/tmp/test_query_hawthorne.XXXXXX";
    xc_db *index_db = fixture_db(dir, essays, 2);
    assert_fitted("hawthorne", index_db, 0, "Query(hawthorne@1)");
    assert_fitted("Hawthorne", index_db, 0, "Query(hawthorne@1)");
    assert_fitted("hawthorn", index_db, 0, "Zhawthorn@1");
    assert_fitted("states", index_db, 0, "Zstate@1");
    assert_fitted("united", index_db, 0, "Zunit@1");
    xc_db_close(index_db);
    essay__remove_tree(dir, NULL);
}

/* A run of two common words needs its third to be rare in the index: in
 * at most 1 of the 4 paragraphs here ("the history of" is in them all). */
Test(query, a_run_of_common_words_needs_a_rare_one)
{
    static const char *const essays[][2] = {
        { "a.txt", "The history of the river.\n\nThe history of the ride.\n" },
        { "b.txt", "The history of the town.\n\nThe history of the sea.\n" },
    };
    char dir[] = "/tmp/test_query_runs.XXXXXX";
    xc_db *index_db = fixture_db(dir, essays, 2);
    essay_query *q = parse_ok("we do not ride the history of it", 0);
    char *got = essay__query_closest(q, 4, 6, 4, index_db, 1);
    cr_assert_str_eq(got, "\"do not ride\" OR \"not ride the\" OR \"ride the history\"");
    free(got);
    essay__query_free(q);
    xc_db_close(index_db);
    essay__remove_tree(dir, NULL);
}

/* essay__query_sentence() of 'text' (parsed as all-words) over 'index_db', a word
 * in more than 'max_freq' of its paragraphs common, a phrase as typed from
 * 'min_whole' words: its description, or NULL when it does not apply.
 * Malloc'd. */
static char *quote(const char *text, size_t min_whole, xc_db *index_db, unsigned max_freq)
{
    essay_query *q = parse_ok(text, 0);
    xc_query *x = NULL;
    xc_error xe;
    cr_assert_eq(essay__query_sentence(q, min_whole, 6, index_db, max_freq, &x, &xe), 0,
                 "'%s'", text);
    char *d = x ? xc_query_describe(x) : NULL;
    xc_query_free(x);
    essay__query_free(q);
    return d;
}

/* The same, of six words or more only. */
static char *sentence(const char *text, xc_db *index_db, unsigned max_freq)
{
    return quote(text, 6, index_db, max_freq);
}

/* A sentence of six words or more, common ones among them: its paragraphs
 * holding its words in order but one, left out or replaced, each word in
 * turn ("entirely" for Milton's "absolutely"), with room for one more;
 * a phrase is asked only with a word that is not common in the index. */
Test(query, a_sentence_with_a_word_wrong)
{
    static const char *const essays[][2] = {
        { "a.txt", "The river ran.\n\nThe river rose.\n" },
        { "b.txt", "The river fell.\n\nThe river froze by the sea.\n" },
    };
    char dir[] = "/tmp/test_query_sentence.XXXXXX";
    xc_db *index_db = fixture_db(dir, essays, 2);
    char *d = sentence("books are not entirely dead things", index_db, 1);
    cr_assert(d != NULL && strstr(d, "(Zbook@1 PHRASE 6 Zare@2 PHRASE 6 Znot@3 PHRASE 6 Zdead@5 "
                                     "PHRASE 6 Zthing@6)") != NULL, "%s", d ? d : "nothing");
    cr_assert(strstr(d, "(Zare@2 PHRASE 6 Znot@3 PHRASE 6 Zentir@4 PHRASE 6 Zdead@5 PHRASE 6 "
                        "Zthing@6)") != NULL, "each word left out: %s", d);
    free(d);
    /* "river" is in every paragraph: the phrase left with it alone is not asked */
    d = sentence("the river was by the sea", index_db, 1);
    cr_assert(d != NULL && strstr(d, "(Zthe@1 PHRASE 6 Zriver@2 PHRASE 6 Zby@4 PHRASE 6 Zthe@5 "
                                     "PHRASE 6 Zsea@6)") != NULL, "%s", d ? d : "nothing");
    cr_assert(strstr(d, "Zby@4 PHRASE 6 Zthe@5)") == NULL, "%s", d);
    free(d);
    /* too few words, no common word, one word not common, not plain words,
       every phrase's words in too many paragraphs */
    static const char *const none[] = {
        "books are not dead things", "walking tours taken alone slowly today",
        "the river was by the river again",
        "it is not that it was books", "\"books are\" not completely dead things",
        "books are not completely dead -things", "title:books are not completely dead things",
        "books OR are not completely dead things",
    };
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        d = sentence(none[i], index_db, 1);
        cr_assert_null(d, "'%s' gave %s", none[i], d);
    }
    xc_db_close(index_db);
    essay__remove_tree(dir, NULL);
}

/* A quote of three to five words, a common word among them: its paragraphs
 * holding it as typed, a phrase without room for another word; nothing to
 * leave out of so few words.  Only with a word that is not common, or when
 * few paragraphs hold all of those; and the essay whose title holds it. */
Test(query, a_short_quote_as_typed)
{
    /* with at most one paragraph for "few": "went" is in two, "woods" in
       three, both in one; "river" and "woods" are both in two */
    static const char *const essays[][2] = {
        { "a.txt", "The river ran.\n\nThe river rose.\n" },
        { "b.txt", "The river fell to the woods.\n" },
        { "c.txt", "They went home.\n\nThey went to the woods.\n\nThe river ran by the woods.\n" },
    };
    char dir[] = "/tmp/test_query_quote.XXXXXX";
    xc_db *index_db = fixture_db(dir, essays, 3);
    char *d = quote("went to the woods", 3, index_db, 1);
    cr_assert_str_eq(d ? d : "nothing", "Query((((Zwent@1 PHRASE 4 Zto@2 PHRASE 4 Zthe@3 "
                                        "PHRASE 4 Zwood@4) OR 0.5 * (Swent@1 PHRASE 4 Sto@2 "
                                        "PHRASE 4 Sthe@3 PHRASE 4 Swood@4)) AND_MAYBE 0.5 * "
                                        "(Swent OR Swood)))");
    free(d);
    d = quote("the mass of men", 3, index_db, 1);
    cr_assert(d != NULL && strstr(d, "(Zthe@1 PHRASE 4 Zmass@2 PHRASE 4 Zof@3 PHRASE 4 Zmen@4)"),
              "%s", d ? d : "nothing");
    free(d);
    /* a question's opening is no part of the quote its answer holds, and a
       word's irregular forms stand beside it: "they went to the woods" */
    d = quote("why did they go to the woods?", 3, index_db, 3);
    cr_assert(d != NULL && strstr(d, "why") == NULL && strstr(d, "Zdid") == NULL
              && strstr(d, "(Zthey@3 PHRASE 5 (Zgo@4 OR Zgone@4 OR Zwent@4) PHRASE 5 Zto@5") != NULL,
              "%s", d ? d : "nothing");
    free(d);
    /* its words in too many paragraphs, alone and together: the title only */
    static const char *const common[] = { "to the river", "river in the woods" };
    for (size_t i = 0; i < sizeof common / sizeof *common; i++) {
        d = quote(common[i], 3, index_db, 1);
        cr_assert(d != NULL && strstr(d, "Z") == NULL && strstr(d, "@1 PHRASE") != NULL,
                  "'%s' gave %s", common[i], d ? d : "nothing");
        free(d);
    }
    /* two words, one common ("the woods", which the index holds), no common
       word ("walking tours taken"), five words from six, not plain words;
       two common words ("to the": a quote of common words has three or
       more); two words no paragraph holds side by side */
    static const char *const none[][2] = {
        { "the woods", "3" }, { "the woods", "2" }, { "walking tours taken", "3" },
        { "to the", "2" }, { "river went", "2" },
        { "went to the woods", "6" }, { "went to \"the woods\"", "3" },
        { "went to the -woods", "3" },
    };
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        d = quote(none[i][0], (size_t)atoi(none[i][1]), index_db, 1);
        cr_assert_null(d, "'%s' gave %s", none[i][0], d);
    }
    xc_db_close(index_db);
    essay__remove_tree(dir, NULL);
}


/* 'n' paragraphs of 'sentence', each its own, appended to *text. */
static void append_paragraphs(char **text, const char *sentence, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        char *more = NULL;
        cr_assert_gt(asprintf(&more, "%s%s\n\n", *text ? *text : "", sentence), 0);
        free(*text);
        *text = more;
    }
}

/* Two words no word of which is common are a phrase when more paragraphs
 * say them side by side than joined by "and" or "or", however often each
 * is said: the counts stop early for a phrase said often, and the answer
 * is the one of counting both whole. */
Test(query, two_words_are_a_phrase_when_said_side_by_side_more_than_joined)
{
    static const struct { const char *side, *joined; unsigned n_side, n_joined; } said[] = {
        { "He spoke of free will.", "The free and will were spoken of.", 40, 12 },
        { "A gold silver coin.", "They weighed the gold and silver.", 12, 40 },
        { "A black white cat.", "The black and white cat.", 20, 20 },
        { "An iron steel rod.", "Iron or steel rods.", 3, 1 },
        { "A tin lead pot.", "A tin and lead pot.", 1, 5 },
    };
    static const char *const words[] = { "free will", "gold silver", "black white",
                                         "iron steel", "tin lead" };
    static const int phrase[] = { 1, 0, 0, 1, 0 };
    char *text = NULL;
    for (size_t i = 0; i < sizeof said / sizeof *said; i++) {
        append_paragraphs(&text, said[i].side, said[i].n_side);
        append_paragraphs(&text, said[i].joined, said[i].n_joined);
    }
    const char *const essays[][2] = { { "said.txt", text } };
    char dir[] = "/tmp/test_query_said.XXXXXX";
    xc_db *index_db = fixture_db(dir, essays, 1);
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        char *d = quote(words[i], 2, index_db, 1000);
        if (phrase[i])
            cr_assert(d != NULL && strstr(d, "PHRASE 2") != NULL, "'%s' gave %s", words[i],
                      d ? d : "nothing");
        else
            cr_assert_null(d, "'%s' gave %s", words[i], d);
        free(d);
    }
    xc_db_close(index_db);
    essay__remove_tree(dir, NULL);
    free(text);
}

/* How much of 'text' essay__query_fit() keeps, with the words it counts. */
static size_t fit(const char *text, size_t *words)
{
    return essay__query_fit(&an, 1, text, strlen(text), words);
}

/* A page pasted whole is searched as far as the limits allow: its start,
 * cut before the word that passes ESSAY_QUERY_MAX_WORDS. */
Test(query, a_query_past_the_word_limit_fits_to_its_first_words)
{
    size_t words;
    char *text = repeat_words(ESSAY_QUERY_MAX_WORDS, "", "w%zu ");
    cr_assert_eq(fit(text, &words), strlen(text), "within the limits: whole");
    free(text);
    text = repeat_words(ESSAY_QUERY_MAX_WORDS + 500, "", "w%zu ");
    size_t kept = fit(text, &words);
    cr_assert_eq(words, ESSAY_QUERY_MAX_WORDS);
    cr_assert_eq(kept, (size_t)(strstr(text, " w1000 ") - text), "before its 1001st word");
    text[kept] = '\0';
    essay__query_free(parse_ok(text, 0));   /* and it parses, read strictly too */
    free(text);
    /* an operator or an exclusion at the cut goes with the word it joins */
    const char *joined[] = { " -p%zu", " OR p%zu", " AND NOT p%zu", " (p%zu)" };
    for (size_t i = 0; i < sizeof joined / sizeof joined[0]; i++) {
        text = repeat_words(ESSAY_QUERY_MAX_WORDS + 5, "war", joined[i]);
        kept = fit(text, &words);
        cr_assert_eq(words, ESSAY_QUERY_MAX_WORDS, "%s: %zu words", joined[i], words);
        char at[32];
        snprintf(at, sizeof at, joined[i], (size_t)999);
        cr_assert_eq(kept, (size_t)(strstr(text, at) - text), "%s: %zu", joined[i], kept);
        text[kept] = '\0';
        essay__query_free(parse_ok(text, 0));    /* nothing left dangling */
        free(text);
    }
    /* a hyphenated word counts its whole and its parts: not cut inside */
    text = repeat_words(400, "", "a%zu-b ");
    kept = fit(text, &words);
    cr_assert_eq(words, 999);
    cr_assert_eq(kept, (size_t)(strstr(text, " a333-b ") - text));
    free(text);
    /* a phrase longer than the limit: nothing fits */
    text = repeat_words(ESSAY_QUERY_MAX_WORDS + 1, "\"", "w%zu ");
    strcat(text, "\"");
    cr_assert_eq(fit(text, &words), 0);
    free(text);
}

/* A query past ESSAY_QUERY_MAX_BYTES fits to a blank within them. */
Test(query, a_query_past_the_byte_limit_fits_to_a_blank)
{
    size_t words;
    char *text = repeat_bytes("antidisestablishmentarianism ", 2 * ESSAY_QUERY_MAX_BYTES);
    size_t kept = fit(text, &words);
    cr_assert(kept <= ESSAY_QUERY_MAX_BYTES && kept > ESSAY_QUERY_MAX_BYTES - 30, "%zu", kept);
    cr_assert_eq(text[kept], ' ', "cut at a blank");
    cr_assert_eq(words, kept / 29 + 1);
    free(text);
    /* one word longer than the limit: cut at a character's start */
    text = repeat_bytes("\u00e9", ESSAY_QUERY_MAX_BYTES + 10);
    cr_assert_eq(fit(text, &words), ESSAY_QUERY_MAX_BYTES);
    cr_assert_eq(words, 1);
    free(text);
    text = repeat_bytes("\u00e9x", ESSAY_QUERY_MAX_BYTES + 10);
    cr_assert_eq((unsigned char)text[ESSAY_QUERY_MAX_BYTES], 0xA9);
    kept = fit(text, &words);
    cr_assert_eq(kept, ESSAY_QUERY_MAX_BYTES - 1, "not inside a character: %zu", kept);
    free(text);
}

/* A question asks in the present of text in the past: "go" finds "went",
 * after the word typed; a form typed finds itself alone ("left" is no
 * "leaves"), and so does a name ("Lent"). */
Test(query, an_irregular_verb_finds_its_forms_after_itself)
{
    assert_builds("go woods", "((Zgo@1 OR 0.5 * (Zgone@1 SYNONYM Zwent@1)) AND Zwood@2)");
    assert_builds("went woods", "(Zwent@1 AND Zwood@2)");
    assert_builds("walked woods", "(Zwalk@1 AND Zwood@2)");
    assert_builds("the Lend Lease act", "(Zthe@1 AND Zlend@2 AND Zleas@3 AND Zact@4)");
    assert_builds("they lend money", "(Zlend@2 OR 0.5 * Zlent@2)");
    /* A phrase is the words as typed, a quoted word alone too; an excluded
       verb leaves its forms in */
    assert_builds("\"go to the woods\"", "(Zgo@1 PHRASE 4 Zto@2 PHRASE 4 Zthe@3 PHRASE 4 Zwood@4)");
    assert_builds("\"go\" woods", "(Zgo@1 AND Zwood@2)");
    assert_builds("woods -go", "(Zwood@1 AND_NOT Zgo@2)");

    /* Snippets highlight the forms: the match term of "go" holds their stems. */
    essay_query *q = parse_ok("go", 0);
    essay_matchset *m = essay__query_matchset(q);
    cr_assert(m != NULL && m->n == 1 && m->groups[0].n == 1);
    const essay_match_term *t = &m->groups[0].terms[0];
    cr_assert_str_eq(t->text, "go");
    int went = 0;
    for (size_t k = 0; k < t->n_stems; k++)
        went |= t->stems[k] != NULL && strcmp(t->stems[k], "went") == 0;
    cr_assert(went, "the match term of 'go' does not hold 'went'");
    essay__query_free(q);
}

/* A quote of words whose stems two languages share asks for each stem
 * once with the irregular forms: "go" in English and in French is one
 * term beside "gone" and "went", not two ORed, which would weigh it twice. */
Test(query, a_quote_in_two_languages_asks_for_a_stem_once)
{
    static const char *const essays[][2] = {
        { "a.txt", "They went to the woods.\n" },
    };
    char dir[] = "/tmp/test_query_quote2.XXXXXX";
    xc_db *index_db = fixture_db(dir, essays, 1);
    essay_analyzer *ans[2] = { NULL, NULL };
    cr_assert_eq(essay_analyzer_new("english", &ans[0]), ESSAY_OK);
    cr_assert_eq(essay_analyzer_new("french", &ans[1]), ESSAY_OK);
    essay_query *q = NULL;
    cr_assert_eq(essay__query_parse_in(ans, 2, "go to the woods", 15, 0, &q, NULL), ESSAY_OK);
    xc_query *x = NULL;
    xc_error xe;
    cr_assert_eq(essay__query_sentence(q, 3, 6, index_db, 1000, &x, &xe), 0);
    char *d = x ? xc_query_describe(x) : NULL;
    cr_assert(d != NULL && strstr(d, "(Zgo@1 OR Zgone@1 OR Zwent@1) PHRASE 4") != NULL,
              "%s", d ? d : "nothing");
    free(d);
    xc_query_free(x);
    essay__query_free(q);
    essay_analyzer_free(ans[0]);
    essay_analyzer_free(ans[1]);
    xc_db_close(index_db);
    essay__remove_tree(dir, NULL);
}

/* A form no paragraph holds is not asked for: "humen", the -men form of
 * "human", would weigh the phrase of "human nature" twice and check its
 * positions twice over.  "went", held, stays beside "go"; "gone" goes. */
Test(query, a_form_the_index_does_not_hold_is_not_asked_for)
{
    static const char *const essays[][2] = {
        { "a.txt", "Human nature is the same everywhere.\n\nThey went to the woods.\n" },
    };
    char dir[] = "/tmp/test_query_unheld.XXXXXX";
    xc_db *index_db = fixture_db(dir, essays, 1);
    char *unfitted = describe("human nature", 0);
    cr_assert_not_null(strstr(unfitted, "Zhumen"), "%s", unfitted);
    free(unfitted);
    char *d = describe_fitted("human nature", index_db, 0);
    cr_assert_null(strstr(d, "humen"), "%s", d);
    free(d);
    assert_fitted("go woods", index_db, 0, "((Zgo@1 OR 0.5 * Zwent@1) AND Zwood@2)");

    essay_query *q = parse_ok("human nature", 0);
    xc_error xe;
    cr_assert_eq(essay__query_fit_index(q, index_db, &xe), 0);
    xc_query *x = NULL;
    cr_assert_eq(essay__query_sentence(q, 2, 6, index_db, UINT_MAX, &x, &xe), 0);
    d = x ? xc_query_describe(x) : NULL;
    cr_assert(d != NULL && strstr(d, "Zhuman@1 PHRASE 2 Znatur@2") != NULL
                  && strstr(d, "humen") == NULL,
              "%s", d ? d : "nothing");
    free(d);
    xc_query_free(x);
    essay__query_free(q);
    xc_db_close(index_db);
    essay__remove_tree(dir, NULL);
}

/* The forms are English: a French index asks for none. */
Test(query, verb_forms_are_asked_for_in_english_only)
{
    essay_analyzer *fr = NULL;
    cr_assert_eq(essay_analyzer_new("french", &fr), ESSAY_OK);
    essay_query *q = NULL;
    cr_assert_eq(essay__query_parse(fr, "go", 2, 0, &q, NULL), ESSAY_OK);
    xc_error xe;
    xc_query *x = essay__query_build(q, &xe);
    cr_assert_not_null(x);
    char *d = xc_query_describe(x);
    cr_assert(d != NULL && strstr(d, "Zwent") == NULL, "built %s", d);
    free(d);
    xc_query_free(x);
    essay__query_free(q);
    essay_analyzer_free(fr);
}

/* An ordinal in figures finds it in words and in words in figures, beside
 * it at half its weight as an irregular form: "4th" finds "fourth",
 * "twenty-first" (its whole) "21st", after the spelling typed ("ninth"
 * before the "9th" of dates). */
Test(query, an_ordinal_finds_its_other_spelling_beside_it)
{
    assert_builds("4th july", "((Z4th@1 OR 0.5 * Zfourth@1) AND Zjuli@2)");
    assert_builds("fourth july", "((Zfourth@1 OR 0.5 * Z4th@1) AND Zjuli@2)");
    assert_builds("21st", "(Z21st@1 OR 0.5 * Ztwentyfirst@1)");
    assert_builds("century", "Zcenturi@1");
    /* the whole of a hyphenated ordinal, not its parts */
    char *d = describe("twenty-first", 0);
    int part = 0;   /* "1st" but in "21st" */
    for (const char *at = strstr(d, "1st"); at != NULL; at = strstr(at + 1, "1st"))
        part |= at == d || at[-1] != '2';
    cr_assert(strstr(d, "0.5 * Z21st") != NULL && !part, "built %s", d);
    free(d);
}

/* A number after a word that numbers sections finds its roman numeral, or
 * a roman numeral its figures, as itself: "chapter 3" finds "CHAPTER III";
 * a number alone, or after another word, does not. */
Test(query, a_chapters_number_finds_its_roman_numeral)
{
    assert_builds("chapter 3", "(Zchapter@1 AND (Z3@2 SYNONYM Ziii@2))");
    assert_builds("book iv", "(Zbook@1 AND (Ziv@2 SYNONYM Z4@2))");
    assert_builds("\"part 2\"", "(Zpart@1 PHRASE 2 (Z2@2 OR Zii@2))");
    assert_builds("3 chapters", "(Z3@1 AND Zchapter@2)");
    assert_builds("walden 3", "(Zwalden@1 AND Z3@2)");
    assert_builds("chapter 1", "(Zchapter@1 AND Z1@2)");
    assert_builds("chapter 10", "(Zchapter@1 AND Z10@2)");
    char *d = describe("no 4", 0);     /* "no" is a common word */
    cr_assert(strstr(d, "Ziv") == NULL, "built %s", d);
    free(d);
}

/* A British spelling and an American one are the same word: "colour" finds
 * "color" and "color" "colour", at the word's own weight (one OP_SYNONYM),
 * in a phrase, a NEAR, an excluded word and a title: too; "four" is no
 * "for".  An exact =word stays as typed. */
Test(query, a_spelling_finds_its_other_spelling_as_itself)
{
    assert_builds("colour woods", "((Zcolour@1 SYNONYM Zcolor@1) AND Zwood@2)");
    assert_builds("color woods", "((Zcolor@1 SYNONYM Zcolour@1) AND Zwood@2)");
    assert_builds("honour", "(Zhonour@1 SYNONYM Zhonor@1)");
    assert_builds("honors", "(Zhonor@1 SYNONYM Zhonour@1)");
    assert_builds("four woods", "(Zfour@1 AND Zwood@2)");
    assert_builds("\"the colour of\"", "(Zthe@1 PHRASE 3 (Zcolour@2 OR Zcolor@2) PHRASE 3 Zof@3)");
    assert_builds("colour NEAR light", "((Zcolour@1 OR Zcolor@1) NEAR 11 Zlight@2)");
    assert_builds("woods -colour", "(Zwood@1 AND_NOT (Zcolour@2 SYNONYM Zcolor@2))");
    assert_builds("title:colour", "(Scolour@1 SYNONYM Scolor@1)");
    assert_builds("=colour", "colour@1");

    /* Snippets highlight the other spelling: the match term holds its stem. */
    essay_query *q = parse_ok("color", 0);
    essay_matchset *m = essay__query_matchset(q);
    cr_assert(m != NULL && m->n == 1 && m->groups[0].n == 1);
    const essay_match_term *t = &m->groups[0].terms[0];
    int colour = 0;
    for (size_t k = 0; k < t->n_stems; k++)
        colour |= t->stems[k] != NULL && strcmp(t->stems[k], "colour") == 0;
    cr_assert(colour, "the match term of 'color' does not hold 'colour'");
    essay__query_free(q);
}
