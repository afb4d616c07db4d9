/* test_language.c -- unit tests of core/language.c: essays in several
 * languages in one index.
 *
 * "language" checks the names and codes, and which language an essay is
 * detected to be in (a paragraph of English, French, German and Russian
 * each; a short English note keeps the default; a header overrides the
 * text; a chapter opening with a list, a table of figures, contents in
 * capitals and a Latin description are English).  "languages" indexes those essays, written here, and searches
 * them: each language's inflections are found, a query word finds its forms
 * in every language in one ranking but not in another language's stem that
 * no paragraph of that language holds, lang: keeps to one language, snippets
 * highlight in the essay's language, and an essay whose language changes on
 * update is stemmed anew.
 */
#include <criterion/criterion.h>

#include "fixture.h"

#define FIXTURE(file) "tests/fixtures/gutenberg/" file     /* the tests run from the repo root */

static const char english[] =
    "Security guarantees\n\n"
    "Security guarantees for Ukraine must be credible and lasting. Without them the peace will "
    "not hold, and the European allies know it: they promised to guarantee the country's "
    "sovereignty and to support its army for many years.\n";
static const char french[] =
    "Les garanties\n\n"
    "Les garanties de sécurité offertes à l'Ukraine doivent être crédibles et durables. Sans "
    "elles, la paix ne tiendra pas, et les alliés européens le savent bien : ils ont promis de "
    "garantir la souveraineté du pays et de soutenir son armée pendant de longues années.\n";
static const char german[] =
    "Sicherheitsgarantien\n\n"
    "Die Sicherheitsgarantien für die Ukraine müssen glaubwürdig und dauerhaft sein. Ohne sie "
    "wird der Frieden nicht halten, und die europäischen Verbündeten wissen das: Sie haben "
    "versprochen, die Souveränität des Landes zu garantieren und seine Armee zu unterstützen.\n";
static const char russian[] =
    "Гарантии безопасности\n\n"
    "Гарантии безопасности для Украины должны быть надёжными и долгосрочными. Без них мир не "
    "продержится, и европейские союзники это знают: они обещали гарантировать суверенитет "
    "страны и поддерживать её армию в течение многих лет.\n";
static const char short_english[] = "A note\n\nTim said it rained all day.\n";
/* French text whose header says otherwise: the header wins. */
static const char french_said_english[] =
    "---\ntitle: Quoted\nlanguage: en\n---\n"
    "Les garanties de sécurité offertes à l'Ukraine doivent être crédibles et durables. Sans "
    "elles, la paix ne tiendra pas, et les alliés européens le savent bien : ils ont promis de "
    "défendre le pays pendant de longues années.\n";

/* ---- names and detection ------------------------------------------------- */

static essay_analyzer *deflt;
static essay_languages *langs;

static void language_setup(void)
{
    cr_assert_eq(essay_analyzer_new("english", &deflt), ESSAY_OK);
    cr_assert_not_null(langs = essay__languages_new(deflt));
}

static void language_teardown(void)
{
    essay__languages_free(langs);
    essay_analyzer_free(deflt);
}

TestSuite(language, .init = language_setup, .fini = language_teardown);

/* The language essay__languages_of_essay() gives the essay 'text'. */
static const char *language_of(const char *text)
{
    essay_file *f;
    char *err = NULL;
    cr_assert_eq(essay__file_parse("x.txt", text, strlen(text), &f, &err), ESSAY_OK, "%s", err);
    const char *name = essay_analyzer_language(essay__languages_of_essay(langs, f));
    essay__file_free(f);
    return name;
}

Test(language, names_and_codes_name_the_stemmer)
{
    cr_assert_str_eq(essay_language_name("fr"), "french");
    cr_assert_str_eq(essay_language_name("French"), "french");
    cr_assert_str_eq(essay_language_name("DE"), "german");
    cr_assert_str_eq(essay_language_name("russian"), "russian");
    cr_assert_null(essay_language_name("klingon"));
    cr_assert_null(essay_language_name("uk"), "libstemmer has no Ukrainian");
    cr_assert_null(essay_language_name(NULL));
    cr_assert_str_eq(essay_language_code("german"), "de");
    cr_assert_null(essay_language_code("porter"));
    size_t n = 0;
    while (essay_language_at(n) != NULL)
        n++;
    cr_assert_geq(n, 20, "libstemmer's languages: %zu", n);
}

Test(language, each_essay_is_detected_in_its_language)
{
    cr_assert_str_eq(language_of(english), "english");
    cr_assert_str_eq(language_of(french), "french");
    cr_assert_str_eq(language_of(german), "german");
    cr_assert_str_eq(language_of(russian), "russian");
}

Test(language, a_short_text_keeps_the_default)
{
    cr_assert_str_eq(language_of(short_english), "english");
    cr_assert_str_eq(language_of("Kurz\n\nEs regnet.\n"), "english",
                     "too short to tell: the default, not a guess");
}

/* The language essay__languages_of_essay() gives the file 'path'. */
static const char *language_of_file(const char *path)
{
    FILE *in = fopen(path, "rb");
    cr_assert_not_null(in, "%s", path);
    char text[16384];
    size_t len = fread(text, 1, sizeof text - 1, in);
    cr_assert(feof(in), "%s is longer than the test reads", path);
    fclose(in);
    text[len] = '\0';
    return language_of(text);
}

Test(language, an_essay_is_judged_by_its_prose_and_words)
{
    /* A chapter of Burton's The Land of Midian (1879) opening with a kilobyte
     * of shells' Latin names, which read as Catalan: the sample is taken from
     * four places, and three of them are prose. */
    cr_assert_str_eq(language_of_file(FIXTURE("midian-shells.txt")), "english");
    /* Weather observations from the same book, tables of figures with a few
     * English words: taken from four places, the figures read as German, so
     * the classifier is given only the words. */
    cr_assert_str_eq(language_of_file(FIXTURE("midian-weather.txt")), "english");
    /* The contents of Darwin's The Variation of Animals and Plants under
     * Domestication (1868), in capitals, which read as German: lowered. */
    cr_assert_str_eq(language_of_file(FIXTURE("darwin-contents.txt")), "english");
    /* Darwin's Latin descriptions of fossil barnacles (A Monograph on the
     * Sub-class Cirripedia, 1851), which read as Catalan: Latin is a
     * language libstemmer does not stem, so they keep the default. */
    cr_assert_str_eq(language_of_file(FIXTURE("darwin-latin.txt")), "english");
}

Test(language, the_header_overrides_detection)
{
    cr_assert_str_eq(language_of(french_said_english), "english");
    cr_assert_str_eq(language_of("---\nlanguage: german\n---\nEs regnet.\n"), "german");
    cr_assert_str_eq(language_of("---\nlanguage: klingon\n---\n" "Les garanties de sécurité "
                                 "offertes à l'Ukraine doivent être crédibles et durables. Sans "
                                 "elles, la paix ne tiendra pas, et les alliés européens le "
                                 "savent bien : ils ont promis de défendre le pays.\n"),
                     "french", "a language libstemmer lacks is detected instead");
}

Test(language, the_same_analyzer_serves_each_language)
{
    essay_analyzer *fr = essay__languages_get(langs, "french");
    cr_assert_not_null(fr);
    cr_assert_eq(essay__languages_get(langs, "french"), fr);
    cr_assert_eq(essay__languages_get(langs, NULL), deflt);
    cr_assert_eq(essay__languages_get(langs, "english"), deflt);
    cr_assert_null(essay__languages_get(langs, "klingon"));
    cr_assert_str_eq(essay_analyzer_stem(fr, "garanties", 9), "garant");
}

/* ---- an index of essays in four languages --------------------------------- */

static char dir[] = "/tmp/essay-test-language.XXXXXX";
static char *index_path;
static essay_searcher *searcher;

static const char *const essays[][2] = {
    { "/essays/en.txt", english },
    { "/essays/fr.txt", french },
    { "/essays/de.txt", german },
    { "/essays/ru.txt", russian },
    { "/essays/note.txt", short_english },
    { "/essays/quoted.txt", french_said_english },
};

static void languages_setup(void)
{
    fixture_open(dir, essays, sizeof essays / sizeof *essays, &index_path, &searcher);
}

static void languages_teardown(void)
{
    fixture_close(dir, index_path, searcher);
}

TestSuite(languages, .init = languages_setup, .fini = languages_teardown);

static essay_results *search(const char *query)
{
    essay_results *r = NULL;
    char *err = NULL;
    essay_search_options o = essay_search_defaults();
    o.strict = 1;
    cr_assert_eq(essay_search(searcher, query, &o, &r, &err), ESSAY_OK, "%s: %s", query, err);
    return r;
}

/* The paths of the hits of 'query', in order, joined with spaces. */
static void paths_of(const char *query, char *out, size_t size)
{
    essay_results *r = search(query);
    out[0] = '\0';
    for (size_t i = 0; i < essay_results_count(r); i++) {
        const char *path = essay_results_hit(r, i)->path;
        snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "", path + 8);
    }
    essay_results_free(r);
}

static void assert_finds(const char *query, const char *paths)
{
    char got[512];
    paths_of(query, got, sizeof got);
    cr_assert_str_eq(got, paths, "%s: %s", query, got);
}

Test(languages, each_language_finds_its_inflections)
{
    assert_finds("garantir", "fr.txt");             /* garanties, garantir: garant */
    assert_finds("guaranteed", "en.txt");           /* guarantees, guarantee */
    assert_finds("Verbündete", "de.txt");           /* Verbündeten */
    assert_finds("гарантия", "ru.txt");             /* Гарантии */
    assert_finds("армии", "ru.txt");                /* армию */
}

Test(languages, the_header_language_stems_the_essay)
{
    /* quoted.txt is French text said to be English: stemmed as English,
     * its "garanties" is not the "garantir" of French */
    assert_finds("garantir", "fr.txt");
    essay_results *r = search("durables");
    cr_assert_eq(essay_results_count(r), 2);
    for (size_t i = 0; i < 2; i++) {
        const essay_hit *h = essay_results_hit(r, i);
        cr_assert_str_eq(h->language, strstr(h->path, "quoted") ? "english" : "french");
    }
    essay_results_free(r);
}

Test(languages, a_query_finds_every_language_in_one_ranking)
{
    essay_results *r = search("garantie OR guarantee OR гарантии");
    char got[512] = "";
    for (size_t i = 0; i < essay_results_count(r); i++)
        strcat(got, strstr(essay_results_hit(r, i)->path, "en.txt") ? "en "
                    : strstr(essay_results_hit(r, i)->path, "fr.txt") ? "fr "
                    : strstr(essay_results_hit(r, i)->path, "de.txt") ? "de "
                    : strstr(essay_results_hit(r, i)->path, "ru.txt") ? "ru " : "? ");
    cr_assert(strstr(got, "en") && strstr(got, "fr") && strstr(got, "de") && strstr(got, "ru"),
              "%s", got);
    for (size_t i = 1; i < essay_results_count(r); i++)
        cr_assert_geq(essay_results_hit(r, i - 1)->score, essay_results_hit(r, i)->score);
    essay_results_free(r);
}

Test(languages, a_word_is_one_term_whatever_its_stems)
{
    /* "garantie": garanti (English, German) and garant (French) */
    essay_query *q;
    char *err = NULL;
    const searcher_analyzers *a = &searcher->analyzers;
    cr_assert_eq(essay__query_parse_in(a->held, a->n_held, "garantie", 8, 0, &q, &err), ESSAY_OK,
                 "%s", err);
    xc_error xe;
    xc_query *x = essay__query_build(q, &xe);
    char *described = xc_query_describe(x);
    cr_assert(strstr(described, "SYNONYM") && strstr(described, "Zgarant")
              && strstr(described, "Zgaranti"), "%s", described);
    free(described);
    xc_query_free(x);
    essay__query_free(q);
    /* in one language, the one stem it had before */
    cr_assert_eq(essay__query_parse_in(a->held, 1, "garantie", 8, 0, &q, &err), ESSAY_OK);
    x = essay__query_build(q, &xe);
    described = xc_query_describe(x);
    cr_assert_null(strstr(described, "SYNONYM"), "%s", described);
    free(described);
    xc_query_free(x);
    essay__query_free(q);
}

Test(languages, a_stem_no_paragraph_of_its_language_holds_is_left_out)
{
    /* "time" stems as "tim" in French, which no French paragraph holds: it
     * would only find the English "Tim" of note.txt. */
    assert_finds("time", "");
    assert_finds("Tim", "note.txt");
}

Test(languages, lang_keeps_to_one_language)
{
    assert_finds("lang:fr garantie", "fr.txt");
    assert_finds("language:german garantie", "de.txt");
    assert_finds("lang:en sécurité", "quoted.txt");
    assert_finds("garantir -lang:fr", "");
    assert_finds("garantie -lang:fr -lang:de", "quoted.txt");
    essay_results *r = NULL;
    char *err = NULL;
    cr_assert_eq(essay_search(searcher, "lang:xx peace", NULL, &r, &err), ESSAY_BAD_QUERY);
    cr_assert(strstr(err, "unknown language 'xx'"), "%s", err);
    free(err);
}

Test(languages, phrases_match_in_the_essays_language)
{
    assert_finds("\"garantit la souveraineté\"", "fr.txt");
    assert_finds("\"security guarantee\"", "en.txt");
    assert_finds("garanti NEAR/3 souveraineté", "fr.txt");
}

/* The highlighted words of the first hit of 'query', joined with '|'. */
static void highlighted(const char *query, char *out, size_t size)
{
    essay_results *r = search(query);
    cr_assert_geq(essay_results_count(r), 1, "%s", query);
    const essay_hit *h = essay_results_hit(r, 0);
    out[0] = '\0';
    for (size_t i = 0; i < h->n_highlights; i++)
        snprintf(out + strlen(out), size - strlen(out), "%s%.*s", i ? "|" : "",
                 (int)(h->highlights[i].end - h->highlights[i].start),
                 h->snippet + h->highlights[i].start);
    essay_results_free(r);
}

Test(languages, snippets_highlight_in_the_essays_language)
{
    char got[256];
    highlighted("lang:fr garantie", got, sizeof got);
    cr_assert_str_eq(got, "garanties|garanties|garantir");
    highlighted("lang:de Verbündete", got, sizeof got);
    cr_assert_str_eq(got, "Verbündeten");
    highlighted("гарантия", got, sizeof got);
    cr_assert_str_eq(got, "Гарантии|Гарантии");
    highlighted("lang:en guaranteed", got, sizeof got);
    cr_assert_str_eq(got, "guarantees|guarantees|guarantee");
}

Test(languages, the_json_names_each_hits_language)
{
    essay_results *r = search("garantie");
    cr_assert_geq(essay_results_count(r), 2);
    char *json = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&json, &len);
    cr_assert_eq(essay_results_write(r, "garantie", ESSAY_OUTPUT_JSON, 0, out), ESSAY_OK);
    fclose(out);
    cr_assert(strstr(json, "\"language\":\"french\"") && strstr(json, "\"language\":\"german\""),
              "%s", json);
    free(json);
    essay_results_free(r);
}

Test(languages, an_essay_whose_language_changes_is_stemmed_anew)
{
    essay_searcher_close(searcher);
    searcher = NULL;
    /* French text, with its header's language left out: not the French essay's
     * own text, which would be a copy of it, listed once (test_search.c) */
    const char *header = "---\ntitle: Quoted\nlanguage: en\n---\n";
    cr_assert_eq(strncmp(french_said_english, header, strlen(header)), 0);
    const char *const changed[][2] = {
        { "/essays/en.txt", french_said_english + strlen(header) } };
    fixture_index(index_path, changed, 1);
    char *err = NULL;
    cr_assert_eq(essay_searcher_open(index_path, &searcher, &err), ESSAY_OK, "%s", err);
    assert_finds("guaranteed", "");
    assert_finds("garantir", "fr.txt en.txt");
    essay_results *r = search("lang:fr garantir");
    cr_assert_eq(essay_results_count(r), 2);
    cr_assert_str_eq(essay_results_hit(r, 0)->language, "french");
    cr_assert_str_eq(essay_results_hit(r, 1)->language, "french");
    essay_results_free(r);
}

Test(languages, the_status_counts_each_language)
{
    essay_index_info *info;
    char *err = NULL;
    cr_assert_eq(essay_index_status(index_path, &info, &err), ESSAY_OK, "%s", err);
    cr_assert_str_eq(info->language, "english");
    cr_assert_eq(info->n_languages, 4);
    cr_assert_str_eq(info->languages[0].language, "english");
    cr_assert_eq(info->languages[0].paragraphs, 3, "en.txt, note.txt and quoted.txt");
    for (size_t i = 1; i < 4; i++)
        cr_assert_eq(info->languages[i].paragraphs, 1);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cr_assert_eq(essay_index_info_write(info, ESSAY_OUTPUT_TEXT, out), ESSAY_OK);
    fclose(out);
    cr_assert(strstr(text, "languages: english (3 paragraphs), french (1 paragraph), german (1 "
                           "paragraph), russian (1 paragraph)\n"), "%s", text);
    free(text);
    essay_index_info_free(info);
}

/* The suggestion made for the --any query 'query' ("" for none). */
static void suggestion_for(const char *query, char *out, size_t size)
{
    essay_results *r = NULL;
    char *err = NULL;
    essay_search_options o = essay_search_defaults();
    o.match_any = 1;
    o.no_correct = 1;
    cr_assert_eq(essay_search(searcher, query, &o, &r, &err), ESSAY_OK, "%s: %s", query, err);
    snprintf(out, size, "%s", essay_results_suggestion(r) ? essay_results_suggestion(r) : "");
    essay_results_free(r);
}

Test(languages, did_you_mean_knows_each_languages_words)
{
    char got[128];
    /* garantir stems (in French) as garanties does: a word of the index */
    suggestion_for("garantir", got, sizeof got);
    cr_assert_str_eq(got, "");
    suggestion_for("souvreaineté", got, sizeof got);
    cr_assert_str_eq(got, "souverainete");
    suggestion_for("Verbündetten", got, sizeof got);
    cr_assert_str_eq(got, "Verbundeten");
}
