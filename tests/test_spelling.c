/* test_spelling.c -- unit tests of core/spelling.c, "did you mean" for one word.
 *
 * The fixture indexes one essay through the library, written so that each
 * case of the rule has its words: a common word with a typo of it to ask
 * about ("security"), a right word in one paragraph beside a common word one
 * letter from it ("aimed", "armed"), words of the dictionary one letter
 * from words of the index ("hoarse", "paris"), an inflection the index lacks
 * whose stem it has ("argued" beside "argues"), a name spelt two ways ("Zelenskyy",
 * "Zelensky"), two words one letter from the same typo ("house", "horse"),
 * stop words one letter from typos ("over" beside the rarer "mower", "have"),
 * names written with a capital inside a sentence ("Chesterton", "Pallas",
 * "O'Donnell"), a short word ("jail"), an author ("Lawrence Freedman"), a
 * file name ("montaigne.txt"), and a word whose stem is another's
 * ("governess" and "goverment", stem "gover", beside "government"), and a
 * name beside a word two letters from a common one ("Ichabod Crane", "rain"),
 * a word longer than the edits of a correction in context are counted
 * for ("pneumonoultramicroscopicsilicovolcanoconiosis"), a typo in one
 * paragraph of a word in a hundred ("seperate", "separate"), a word a typist
 * doubles the letters of otherwise ("tomorrow"); and a second essay, named
 * by a name two letters of a common word of the first swapped nearly make
 * ("darwin", "drawn").
 * The tests ask essay__spelling_correct() about query words as the query
 * parser gives them (folded, with their stems), and rewrite a whole query
 * with it to check that the rest of the text is kept.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static char dir[] = "/tmp/essay-test-spelling.XXXXXX";
static essay_analyzer *an;
static xc_db *db;
static essay_dictionary dictionary;     /* the English one, opened when first asked */

/* The paragraphs of the essay: 'count' of each, one blank line between. */
static const struct {
    const char *text;
    int count;
} paragraphs[] = {
    { "The security of Europe rests on armed forces and on who argues for them.", 12 },
    { "Zelenskyy asked for guarantees; the house voted for them.", 10 },
    { "One speech aimed at the horse trade of the parish and named Zelensky a thief.", 1 },
    { "Over and over the mower went over the field; we have to cut it.", 1 },
    { "The critic Chesterton wrote of Dickens, of Pallas and of O'Donnell in the jail.", 3 },
    { "Only a coward reads no poetry.", 4 },
    { "In the evening Conrad read Goethe.", 1 },
    { "The governess praised the government.", 1 },
    { "Ichabod Crane rode to the school.", 1 },
    { "Ichabod Crane taught the psalm.", 1 },
    { "A crane stood in the marsh.", 3 },
    { "The rain fell on the marsh.", 6 },
    { "Boats lay on the shore.", 15 },
    { "The line was drawn in the sand.", 3 },
    { "Miners died of pneumonoultramicroscopicsilicovolcanoconiosis.", 1 },
    { "The seperate ledger was lost.", 1 },
    { "Each separate ledger was kept.", 100 },
    { "The boats sail tomorrow.", 2 },
};

/* A second essay, whose file name holds a name ("darwin"), which its
 * paragraphs write as one, and a word two edits from a word of the
 * dictionary ("lesser", "laser"); a word two letters of "darwn" swapped
 * make ("drawn") is in the first. */
static const char darwin_text[] = "Notes\n\nDarwin wrote of the origin of species.\n\n"
                                  "Darwin kept notes; Darwin read Lyell.\n\n";

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
    char path[512], *err = NULL, *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    fputs("---\nauthor: Lawrence Freedman\n---\n", f);
    fputs("Speeches\n\n", f);    /* the title, which heads the first paragraph */
    for (size_t i = 0; i < sizeof paragraphs / sizeof paragraphs[0]; i++)
        for (int k = 0; k < paragraphs[i].count; k++)
            fprintf(f, "%s\n\n", paragraphs[i].text);
    cr_assert_eq(fclose(f), 0);

    essay_index *ix;
    snprintf(path, sizeof path, "%s/index", dir);
    cr_assert_eq(essay_index_open(path, ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK, "%s", err);
    essay_change change;
    size_t n;
    snprintf(path, sizeof path, "%s/montaigne.txt", dir);
    cr_assert_eq(essay_index_add_buffer(ix, path, text, len, &change, &n, &err), ESSAY_OK, "%s",
                 err);
    cr_assert_eq(n, 166);
    snprintf(path, sizeof path, "%s/darwin-lesser-notes.txt", dir);
    cr_assert_eq(essay_index_add_buffer(ix, path, darwin_text, strlen(darwin_text), &change, &n,
                                        &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    free(text);

    xc_error xe;
    snprintf(path, sizeof path, "%s/index", dir);
    db = xc_db_open(path, &xe);
    cr_assert_not_null(db, "%s", xe.msg);
    cr_assert_eq(essay_analyzer_new("english", &an), ESSAY_OK);
}

static void teardown(void)
{
    xc_db_close(db);
    essay__dictionary_close(&dictionary);
    essay_analyzer_free(an);
    essay__remove_tree(dir, NULL);
}

TestSuite(spelling, .init = setup, .fini = teardown);

/* The correction of the query word 'word' (NULL: it stands), typed as a
 * name if 'as_name', of a query that found nothing if 'found_nothing';
 * malloc'd. */
static char *correct_in(const char *word, int as_name, int found_nothing)
{
    char stem[256];
    snprintf(stem, sizeof stem, "%s", essay_analyzer_stem(an, word, strlen(word)));
    return essay__spelling_correct(db, &dictionary, word, stem, as_name, NULL, found_nothing);
}

static char *correct_as(const char *word, int as_name)
{
    return correct_in(word, as_name, 0);
}

static char *correct(const char *word)
{
    return correct_as(word, 0);
}

static void assert_stands(const char *word)
{
    char *fixed = correct(word);
    cr_assert_null(fixed, "'%s' was corrected to '%s'", word, fixed);
}

static void assert_corrected(const char *word, const char *expected)
{
    char *fixed = correct(word);
    cr_assert_not_null(fixed, "'%s' was not corrected", word);
    cr_assert_str_eq(fixed, expected);
    free(fixed);
}

Test(spelling, a_word_wrong_by_one_letter_is_corrected)
{
    assert_corrected("securty", "security");        /* a letter dropped */
    assert_corrected("secirity", "security");       /* changed */
    assert_corrected("sceurity", "security");       /* two swapped */
    assert_corrected("zelenskky", "zelenskyy");     /* added */
}

/* A word too long to count its edits (essay__edits()) is still corrected
 * by the spelling data, one edit away. */
Test(spelling, a_word_of_over_forty_letters_wrong_by_one_is_corrected)
{
    assert_corrected("pneumonoultramicroscopicsilicovolcanokoniosis",
                     "pneumonoultramicroscopicsilicovolcanoconiosis");
}

/* A word the index holds in a paragraph or two is a typo of the word one
 * slip away a hundred times as many hold, when it is no name and no word
 * of the dictionary. */
Test(spelling, a_typo_a_paragraph_holds_is_corrected_into_a_far_more_frequent_word)
{
    assert_corrected("seperate", "separate");
    char *fixed = correct_in("seperate", 0, 1);
    cr_assert_str_eq(fixed ? fixed : "(stands)", "separate", "its query found nothing");
    free(fixed);
    assert_stands("zelensky");      /* one paragraph, "zelenskyy" in ten: a name */
    assert_stands("thief");         /* one paragraph, and of the dictionary */
}

/* A letter doubled in the wrong place is one slip, not two. */
Test(spelling, a_letter_doubled_in_the_wrong_place_is_one_slip)
{
    assert_corrected("tommorow", "tomorrow");
    assert_stands("scurty");        /* two slips of another kind from "security" */
}

/* A word one edit from a name of the essays that the paragraphs write as a
 * name is that name, though two of its letters swapped make a word. */
Test(spelling, a_name_of_the_essays_one_edit_away_comes_before_a_swap)
{
    assert_corrected("darwn", "darwin");
}

/* A word of the dictionary whose query found nothing is a name misspelt
 * only when the name is one edit away ("laurence": Lawrence), not two
 * ("laser" is no "lesser", of a file name). */
Test(spelling, a_word_of_the_dictionary_is_no_name_two_edits_away)
{
    char *fixed = correct_in("laser", 0, 1);
    cr_assert_null(fixed, "laser -> %s", fixed);
    fixed = correct_in("laurence", 0, 1);
    cr_assert_str_eq(fixed ? fixed : "(stands)", "lawrence");
    free(fixed);
}

Test(spelling, a_right_word_stands_common_or_rare)
{
    assert_stands("security");
    assert_stands("armed");
    assert_stands("aimed");     /* in one paragraph, "armed" in twelve */
    /* a word held as typed needs no dictionary: loading it costs every
       one-shot search that finds something 25 ms (bench/NOTES.md) */
    cr_assert_not(dictionary.tried, "the dictionary was loaded for words the index holds");
}

Test(spelling, a_word_of_the_dictionary_stands_though_the_index_lacks_it)
{
    /* one letter from "horse", "house" and "parish", which the index has */
    assert_stands("hoarse");
    assert_stands("mouse");
    assert_stands("paris");     /* a name: the dictionary has it with a capital */
    assert_corrected("horsse", "horse");    /* not a word, one letter from "horse" */
}

Test(spelling, an_inflection_of_a_stem_the_index_has_stands)
{
    /* "argued" is in no paragraph, "argues" (same stem) one letter away in 12. */
    assert_stands("argued");
}

/* A word the dictionary lacks, held by no paragraph as typed, is not known
 * for its stem: "goverment" has the stem of "governess" ("gover"). */
Test(spelling, a_misspelt_word_whose_stem_another_word_has_is_corrected)
{
    assert_corrected("goverment", "government");
    assert_stands("governess");
    assert_stands("zelensky");      /* held as typed, though no word of the dictionary */
}

/* An apostrophe left out is put back first: into a stop word, or a word or
 * name the index holds, before a final s as a possessive. */
Test(spelling, an_apostrophe_left_out_is_put_back)
{
    assert_corrected("didnt", "didn't");
    assert_corrected("wasnt", "wasn't");
    assert_corrected("ive", "i've");                /* however short */
    assert_corrected("zelenskys", "zelensky's");    /* not "zelenskyy", one edit away */
    assert_corrected("freedmans", "freedman's");    /* an author's */
    assert_corrected("odonnell", "o'donnell");
    /* a word of the dictionary only when its query found nothing */
    assert_stands("cant");
    char *fixed = correct_in("cant", 0, 1);
    cr_assert_str_eq(fixed ? fixed : "(stands)", "can't");
    free(fixed);
    /* and then only n't: "hell" is no "he'll", "wed" no "we'd"; nor in a name */
    const char *words[] = { "hell", "wed", "shed" };
    for (size_t i = 0; i < 3; i++) {
        fixed = correct_in(words[i], 0, 1);
        cr_assert(fixed == NULL || strchr(fixed, '\'') == NULL, "%s -> %s", words[i], fixed);
        free(fixed);
    }
    fixed = correct_as("ive", 1);
    cr_assert(fixed == NULL || strcmp(fixed, "i've") != 0, "Ive, a name, -> %s", fixed);
    free(fixed);
}

/* When its query found nothing, a word no paragraph holds is corrected into
 * the word of an author's name or a file name nearest it, a word of the
 * dictionary too; else into a name the paragraphs write, two edits away. */
Test(spelling, a_name_is_corrected_when_its_query_found_nothing)
{
    static const struct {
        const char *typed, *meant;
    } names[] = {
        { "fredman", "freedman" },          /* an author, not in the paragraphs */
        { "laurence", "lawrence" },         /* of the dictionary */
        { "montaine", "montaigne" },        /* a file name's */
        { "chessterten", "chesterton" },    /* two edits: a name of the paragraphs */
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        assert_stands(names[i].typed);
        char *fixed = correct_in(names[i].typed, 0, 1);
        cr_assert_str_eq(fixed ? fixed : "(stands)", names[i].meant, "%s", names[i].typed);
        free(fixed);
    }
    char *fixed = correct_in("kallas", 1, 1);
    cr_assert_null(fixed, "a name into one that begins otherwise: %s", fixed);
    fixed = correct_in("xylophone", 0, 1);
    cr_assert_null(fixed, "near no name: %s", fixed);
}

/* A word absent with nothing near it, of a query that found nothing,
 * stands without the dictionary being loaded (25 ms of a one-shot search). */
Test(spelling, a_word_with_nothing_near_it_needs_no_dictionary)
{
    cr_assert_null(correct_in("penguin", 0, 1));
    cr_assert_not(dictionary.tried, "the dictionary was loaded for a word with nothing near");
}

Test(spelling, a_name_spelt_two_ways_stands_either_way)
{
    assert_stands("zelensky");      /* one paragraph, "zelenskyy" in ten */
    assert_stands("zelenskyy");
}

Test(spelling, of_several_near_words_the_most_frequent_is_chosen)
{
    assert_corrected("hoase", "house");     /* "house" in ten paragraphs, "horse" in one */
}

Test(spelling, short_words_and_words_two_edits_away_stand)
{
    assert_stands("arme");          /* four characters, one from "armed" */
    assert_stands("scurty");        /* two from "security" */
    assert_stands("xylophone");     /* near nothing */
}

Test(spelling, a_stop_word_is_never_the_correction)
{
    /* "over" three times, "mower" once: a word nearest a stop word is most
       likely that stop word mistyped, and a rarer word would be a wrong one */
    assert_stands("mover");
    assert_stands("haver");         /* "have" */
    /* nor a word of the index one edit from a word one edit from a stop
       word: "thief" for "thier" ("their") */
    assert_stands("thier");
    assert_corrected("thieff", "thief");
}

Test(spelling, a_short_word_is_corrected_only_by_two_letters_swapped_or_one_typed_twice)
{
    assert_corrected("jial", "jail");
    assert_corrected("layy", "lay");    /* "lay" in fifteen paragraphs */
    assert_corrected("llay", "lay");
    assert_stands("jaol");          /* one letter changed */
    assert_stands("jal");           /* one left out */
    assert_stands("ja");
    assert_stands("ajil");         /* the first letter is not swapped: "jail" */
    assert_stands("lya");           /* three letters */
}

/* The commonest slip: two letters swapped, which Xapian's spelling data
 * misses near the start of a word, or takes for another word one letter
 * off that is more frequent ("coward"). */
Test(spelling, two_letters_swapped_come_back_first)
{
    assert_corrected("geothe", "goethe");
    assert_corrected("potery", "poetry");
    assert_corrected("conard", "conrad");
    char *fixed = correct_as("conard", 1);
    cr_assert_str_eq(fixed ? fixed : "(stands)", "conrad");
    free(fixed);
}

Test(spelling, a_word_typed_as_a_name_is_corrected_only_into_a_name_it_begins_like)
{
    char *fixed = correct_as("chesterten", 1);
    cr_assert_str_eq(fixed ? fixed : "(stands)", "chesterton");
    free(fixed);
    /* "Pallas" begins otherwise: "Kallas" is another name */
    cr_assert_null(correct_as("kallas", 1));
    assert_corrected("kallas", "pallas");
    /* "security" is no name: the index writes it small */
    cr_assert_null(correct_as("securty", 1));
    assert_corrected("securty", "security");
}

Test(spelling, a_name_of_the_dictionary_with_a_capital_inside_stands)
{
    /* the dictionary writes it "O'Connell"; the index has "O'Donnell" */
    assert_stands("o'connell");
    assert_corrected("o'dannell", "o'donnell");
}

/* The corrector of a query rewrite, as search.c wires it; 'ctx' points to
 * whether the query found nothing. */
static char *spelling_corrector(const char *word, const char *stem, int as_name,
                                const xc_query *context, void *ctx)
{
    return essay__spelling_correct(db, &dictionary, word, stem, as_name, context,
                                   *(const int *)ctx);
}

/* The query 'text', which found nothing if 'found_nothing', rewritten with
 * the corrections must read 'expected' (NULL: nothing corrected). */
static void assert_rewrite_found(const char *text, int found_nothing, const char *expected)
{
    essay_query *q = NULL;
    char *err = NULL;
    cr_assert_eq(essay__query_parse(an, text, strlen(text), 0, &q, &err), ESSAY_OK, "%s", err);
    char *out = essay__query_rewrite(q, spelling_corrector, NULL, &found_nothing, 0);
    essay__query_free(q);
    if (expected == NULL)
        cr_assert_null(out, "'%s' was rewritten '%s'", text, out);
    else
        cr_assert_str_eq(out ? out : "(nothing corrected)", expected);
    free(out);
}

/* The same, of a query that found something. */
static void assert_rewrite(const char *text, const char *expected)
{
    assert_rewrite_found(text, 0, expected);
}

Test(spelling, a_query_rewrite_changes_only_the_misspelt_words)
{
    assert_rewrite("Who  argued  for Zelensky's \"Securty guarantees\" OR (aimed  AND "
                   "ARMD) -secrity",
                   "Who  argued  for Zelensky's \"Security guarantees\" OR (aimed  AND "
                   "ARMD) -secrity");
    assert_rewrite("Zelensky OR Zelenskyy", NULL);
    assert_rewrite("what did Zelenskyy say", NULL);
    assert_rewrite("I Didnt see the GOVERMENT", "I Didn't see the GOVERNMENT");
}

/* Of the words one edit away, the one the query's other words are found
 * with: "house" is in ten paragraphs and "horse" in one, that of "trade". */
Test(spelling, a_word_is_corrected_into_the_word_its_query_is_found_with)
{
    assert_rewrite("hoase", "house");
    assert_rewrite("hoase trade", "horse trade");
    assert_rewrite("the hoase voted", "the house voted");
    assert_rewrite("hoase -trade", "house -trade");     /* an excluded word is no context */
    /* none is held with "zzyzzyva": the most frequent */
    assert_rewrite("hoase zzyzzyva", "house zzyzzyva");
    /* a swap of two letters still comes first */
    assert_rewrite("evening conard", "evening conrad");
}

/* In place of the most frequent word one edit away, which no paragraph holds
 * with the other words, the word of their paragraphs that goes with them:
 * "crane" is in two of Ichabod's two paragraphs and in three more, of 59;
 * one paragraph of the context holding it is no evidence. */
Test(spelling, a_word_the_other_words_go_with_replaces_a_frequent_one)
{
    assert_corrected("crain", "rain");
    assert_rewrite("ichabod crain", "ichabod crane");
    assert_rewrite("school crain", "school rain");
    /* another word misspelt is no part of the context: no paragraph holds it */
    assert_rewrite("ichabod crain scool", "ichabod crane school");
}

/* When the other words together tell nothing (no paragraph holds "trade"
 * and "europe"), each alone is the context: the word found with the most of
 * them, the most frequent on a tie, and still not one of a single paragraph
 * beside a frequent one ("crane" beside "school"). */
Test(spelling, a_word_is_corrected_with_the_other_words_apart_when_none_holds_them_all)
{
    assert_rewrite("hoase trade europe", "horse trade europe");
    assert_rewrite("hoase trade voted", "house trade voted");
    assert_rewrite("school crain zzyzzyva", "school rain zzyzzyva");
}

/* A word the index holds and writes small stands, though its query found
 * nothing: "house" (ten paragraphs) is never with "trade", and "horse" is,
 * but "house" is right; only a name is replaced so (test_search's "edgar
 * allen poe"). */
Test(spelling, a_word_held_and_written_small_stands_when_its_query_found_nothing)
{
    assert_rewrite_found("house trade", 1, NULL);
    assert_rewrite_found("house trade", 0, NULL);
}

/* The words of an author: field are corrected into an author's words. */
Test(spelling, an_author_is_corrected_into_an_author)
{
    char *fixed = essay__spelling_correct_author(db, "fredman");
    cr_assert_str_eq(fixed ? fixed : "(stands)", "freedman");
    free(fixed);
    fixed = essay__spelling_correct_author(db, "lawrense");
    cr_assert_str_eq(fixed ? fixed : "(stands)", "lawrence");
    free(fixed);
    cr_assert_null(essay__spelling_correct_author(db, "freedman"), "an author stands");
    cr_assert_null(essay__spelling_correct_author(db, "security"), "no author is near");
    cr_assert_null(essay__spelling_correct_author(db, "fre"), "too short");
}

/* Two edits away, a word is found only with the query's other words, and
 * not two letters fewer (most often another word). */
Test(spelling, two_edits_away_a_word_is_corrected_only_in_context)
{
    assert_rewrite("europe sekurety", "europe security");
    assert_rewrite("sekurety", NULL);
    assert_rewrite("horsees trade", NULL);     /* "horse": two letters fewer */
}

/* ---- a typo the index holds, where nothing can tell it from a rare word -- */

static char rare_dir[] = "/tmp/essay-test-rare.XXXXXX";

/* An index in 'language' of one essay: a paragraph holding 'rare', and a
 * hundred holding 'common'. */
static xc_db *rare_beside_common(const char *language, const char *rare, const char *common)
{
    cr_assert_not_null(mkdtemp(rare_dir));
    char path[512], *err = NULL, *text = NULL;
    size_t len = 0, n;
    FILE *f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    fprintf(f, "Notes\n\n%s\n\n", rare);
    for (int k = 0; k < 100; k++)
        fprintf(f, "%s %d\n\n", common, k);
    cr_assert_eq(fclose(f), 0);
    essay_index *ix;
    snprintf(path, sizeof path, "%s/index", rare_dir);
    cr_assert_eq(essay_index_open(path, ESSAY_CREATE, language, &ix, &err), ESSAY_OK, "%s", err);
    essay_change change;
    snprintf(path, sizeof path, "%s/notes.txt", rare_dir);
    cr_assert_eq(essay_index_add_buffer(ix, path, text, len, &change, &n, &err), ESSAY_OK, "%s",
                 err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    free(text);
    xc_error xe;
    snprintf(path, sizeof path, "%s/index", rare_dir);
    xc_db *rare_db = xc_db_open(path, &xe);
    cr_assert_not_null(rare_db, "%s", xe.msg);
    return rare_db;
}

/* The correction of 'word' in 'rare_db', stemmed in 'language' (NULL: it stands). */
static char *rare_corrected(xc_db *rare_db, essay_dictionary *dict, const char *language,
                            const char *word)
{
    essay_analyzer *lang_an;
    cr_assert_eq(essay_analyzer_new(language, &lang_an), ESSAY_OK);
    char stem[256];
    snprintf(stem, sizeof stem, "%s", essay_analyzer_stem(lang_an, word, strlen(word)));
    essay_analyzer_free(lang_an);
    return essay__spelling_correct(rare_db, dict, word, stem, 0, NULL, 0);
}

/* Of another language, the English dictionary cannot say a rare word is a
 * real one: "cheveux" beside a hundred "chevaux" stands. */
Test(spelling_rare, a_rare_word_of_another_language_stands)
{
    xc_db *rare_db = rare_beside_common("french", "Elle peignait ses cheveux blancs.",
                                        "Les chevaux galopaient dans la plaine.");
    essay_dictionary dict = { 0 };
    char *fixed = rare_corrected(rare_db, &dict, "french", "cheveux");
    cr_assert_null(fixed, "cheveux -> %s", fixed);
    essay__dictionary_close(&dict);
    xc_db_close(rare_db);
    essay__remove_tree(rare_dir, NULL);
}

/* Without the dictionary installed, a rare word is left as it is, typo or
 * not ("hearth" beside a hundred "heart"; "seperate"). */
Test(spelling_rare, without_the_dictionary_a_rare_word_stands)
{
    xc_db *rare_db = rare_beside_common("english", "The hearth was cold; the seperate fire out.",
                                        "He spoke from the heart and the separate mind.");
    essay_dictionary dict = { .tried = 1 };     /* as when en_US is not installed */
    char *fixed = rare_corrected(rare_db, &dict, "english", "hearth");
    cr_assert_null(fixed, "hearth -> %s", fixed);
    fixed = rare_corrected(rare_db, &dict, "english", "seperate");
    cr_assert_null(fixed, "seperate -> %s", fixed);
    xc_db_close(rare_db);
    essay__remove_tree(rare_dir, NULL);
}
