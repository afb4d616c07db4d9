/* language.c -- which language an essay is in, and an analyzer for each.
 *
 * An index has a default language (essay-index --language, stored in its
 * metadata); each essay is analysed in its own: the one its header names
 * (`language: french`, or an ISO 639-1 code, `fr`), else the one its text
 * is detected to be in, else the default.  The names are libstemmer's
 * (essay_language_name() maps codes to them), so each language is a
 * Snowball stemmer; the analyzer (analyze.c) folds text the same way in
 * every language and only stems it differently, so the terms of several
 * languages share one namespace in the index.
 *
 * Detection is libexttextcat's (the n-gram classifier LibreOffice uses,
 * Debian's libexttextcat-dev): a C library, 75 KB with 500 KB of language
 * models, which says "too short" or names several close candidates rather
 * than guess.  CLD2 (libcld2-dev) is more accurate on a line or two but is
 * C++ only (this project keeps C++ to the Xapian binding), 8 MB, and
 * unmaintained since 2015.  The classifier is loaded with the models of the
 * languages libstemmer stems and of their nearest neighbours (Ukrainian
 * beside Russian, Galician beside Portuguese, ...), so that a text in a
 * neighbour is not forced into a language it is not in; it reads at most
 * DETECT_SAMPLE bytes of an essay's paragraphs, from DETECT_PLACES places
 * spread over it, and only their words (sample_text()), once per essay,
 * and only when its header names no language it knows.  Words shorter than
 * DETECT_MIN_BYTES, or words the classifier finds close to more than two
 * languages, or to a language libstemmer does not stem, keep the default:
 * a short English note must not turn Irish.  In an index whose default is
 * English, an essay a third of whose first ENGLISH_WORDS words are English
 * stop words ("the", "of", "and": about half of English prose, a few in
 * a hundred of French, German or Dutch) is English without asking the
 * classifier, which costs 0.5 ms an essay (2.7% of the instructions that
 * index an English essay of the Brown corpus, bench/NOTES.md).  The models
 * are read from ESSAY_TEXTCAT_DIR when the first essay needs them; without
 * them nothing is detected and every essay without a header language is in
 * the default.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>
#include <libstemmer.h>
#include <textcat.h>
#include "private.h"

#ifndef ESSAY_TEXTCAT_DIR
#define ESSAY_TEXTCAT_DIR "/usr/share/libexttextcat/"
#endif
#define DETECT_SAMPLE    1024   /* bytes of an essay's text the classifier reads */
#define DETECT_PLACES    4      /* places in an essay they are read from */
#define DETECT_MIN_BYTES 160    /* less text than this keeps the default language */
#define ENGLISH_WORDS    200    /* words of an essay the check for English reads */

/* Each language libstemmer stems, its ISO 639-1 code, and its models. */
static const struct {
    const char *name, *code, *models[2];
} languages[] = {
    { "arabic", "ar", { "ar" } },     { "armenian", "hy", { "hy" } },
    { "basque", "eu", { "eu" } },     { "catalan", "ca", { "ca" } },
    { "danish", "da", { "da" } },     { "dutch", "nl", { "nl" } },
    { "english", "en", { "en" } },    { "finnish", "fi", { "fi" } },
    { "french", "fr", { "fr" } },     { "german", "de", { "de" } },
    { "greek", "el", { "el" } },      { "hindi", "hi", { "hi" } },
    { "hungarian", "hu", { "hu" } },  { "indonesian", "id", { "id" } },
    { "irish", "ga", { "ga" } },      { "italian", "it", { "it" } },
    { "lithuanian", "lt", { "lt" } }, { "nepali", "ne", { "ne" } },
    { "norwegian", "no", { "nb" } },  { "portuguese", "pt", { "pt" } },
    { "romanian", "ro", { "ro" } },   { "russian", "ru", { "ru" } },
    { "serbian", "sr", { "sr-Latn", "sr-Cyrl" } },
    { "spanish", "es", { "es" } },    { "swedish", "sv", { "sv" } },
    { "tamil", "ta", { "ta" } },      { "turkish", "tr", { "tr" } },
    { "yiddish", "yi", { "yi" } },
};
#define N_LANGUAGES (sizeof languages / sizeof *languages)

/* Languages close to those above that libstemmer does not stem: a text in
 * one of them is detected as such, and keeps the default.  Latin is among
 * them for the Latin of an English essay (Darwin's descriptions of species
 * in it read as Catalan without its model). */
static const char *const neighbours[] = {
    "uk", "be", "bg", "mk", "hr", "bs", "sl", "gl", "af", "fy", "nn", "sco", "mt", "sk", "cs",
    "la",
};

/* Whether libstemmer (the one linked) stems 'name'. */
static int stemmed(const char *name)
{
    for (const char **s = sb_stemmer_list(); *s != NULL; s++)
        if (strcmp(*s, name) == 0)
            return 1;
    return 0;
}

const char *essay_language_name(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < N_LANGUAGES; i++)
        if ((strcasecmp(name, languages[i].name) == 0 || strcasecmp(name, languages[i].code) == 0)
            && stemmed(languages[i].name))
            return languages[i].name;
    return NULL;
}

const char *essay_language_code(const char *name)
{
    for (size_t i = 0; name != NULL && i < N_LANGUAGES; i++)
        if (strcmp(name, languages[i].name) == 0)
            return languages[i].code;
    return NULL;
}

const char *essay_language_at(size_t i)
{
    for (size_t k = 0; k < N_LANGUAGES; k++)
        if (stemmed(languages[k].name) && i-- == 0)
            return languages[k].name;
    return NULL;
}

/* ---- detection ----------------------------------------------------------- */

/* Write the classifier's configuration, a line "MODEL-FILE ID" for each
 * model there is (ID: the language's name, "-" for a neighbour), to 'out'. */
static void write_config(FILE *out)
{
    char path[256];
    for (size_t i = 0; i < N_LANGUAGES; i++)
        for (size_t m = 0; m < 2 && languages[i].models[m]; m++) {
            snprintf(path, sizeof path, "%s%s.lm", ESSAY_TEXTCAT_DIR, languages[i].models[m]);
            if (stemmed(languages[i].name) && access(path, R_OK) == 0)
                fprintf(out, "%s %s\n", path, languages[i].name);
        }
    for (size_t i = 0; i < sizeof neighbours / sizeof *neighbours; i++) {
        snprintf(path, sizeof path, "%s%s.lm", ESSAY_TEXTCAT_DIR, neighbours[i]);
        if (access(path, R_OK) == 0)
            fprintf(out, "%s -\n", path);
    }
}

/* A classifier of the languages write_config() lists, or NULL when there
 * are no models (or no memory).  Its configuration is a file that lives in
 * memory only (memfd), so nothing is written to disk. */
static void *classifier_new(void)
{
    int fd = memfd_create("essay-textcat", MFD_CLOEXEC);
    if (fd < 0)
        return NULL;
    FILE *conf = fdopen(fd, "w");
    if (conf == NULL) {
        close(fd);
        return NULL;
    }
    write_config(conf);
    void *tc = NULL;
    if (fflush(conf) == 0) {
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        tc = special_textcat_Init(path, "");
    }
    fclose(conf);
    return tc;
}

/* The language the classifier 'tc' finds text[0..len) in, or NULL when it
 * is too short, ambiguous, or in a language libstemmer does not stem. */
static const char *classify(void *tc, const char *text, size_t len)
{
    if (len < DETECT_MIN_BYTES)
        return NULL;
    const char *result = textcat_Classify(tc, text, len);
    /* "[french]", "[russian][-]" (close candidates, best first), "SHORT", "UNKNOWN" */
    if (result == NULL || result[0] != '[')
        return NULL;
    size_t candidates = 0;
    for (const char *p = result; *p; p++)
        candidates += *p == '[';
    if (candidates > 2)
        return NULL;
    const char *end = strchr(result, ']');
    char name[32];
    if (end == NULL || (size_t)(end - result - 1) >= sizeof name)
        return NULL;
    memcpy(name, result + 1, (size_t)(end - result - 1));
    name[end - result - 1] = '\0';
    return essay_language_name(name);
}

/* ---- a set of analyzers, one per language -------------------------------- */

struct essay_languages {
    essay_analyzer *deflt;                  /* borrowed: the index's */
    essay_analyzer *an[ESSAY_MAX_LANGUAGES];      /* the others, made as needed */
    size_t n;
    essay_analyzer *plain;                  /* "none": words for the check for English */
    void *classifier;                       /* libexttextcat's, loaded at the first need */
    int classifier_tried;
    char sample[DETECT_SAMPLE];
};

essay_languages *essay__languages_new(essay_analyzer *deflt)
{
    essay_languages *l = calloc(1, sizeof *l);
    if (l != NULL)
        l->deflt = deflt;
    return l;
}

void essay__languages_free(essay_languages *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        essay_analyzer_free(l->an[i]);
    essay_analyzer_free(l->plain);
    if (l->classifier != NULL)
        textcat_Done(l->classifier);
    free(l);
}

essay_analyzer *essay__languages_get(essay_languages *l, const char *name)
{
    if (name == NULL || name[0] == '\0' || strcmp(name, essay_analyzer_language(l->deflt)) == 0)
        return l->deflt;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(name, essay_analyzer_language(l->an[i])) == 0)
            return l->an[i];
    if (l->n == ESSAY_MAX_LANGUAGES || essay_analyzer_new(name, &l->an[l->n]) != ESSAY_OK)
        return NULL;
    return l->an[l->n++];
}

/* Append to l->sample[*n, end) the text of 'f' from byte 'skip' of its
 * paragraphs (each followed by a newline), from the start of a word. */
static void sample_from(essay_languages *l, const essay_file *f, size_t skip, size_t *n,
                        size_t end)
{
    size_t i = 0;
    while (i < f->n_paragraphs && skip > f->paragraphs[i].len) {
        skip -= f->paragraphs[i].len + 1;
        i++;
    }
    if (i < f->n_paragraphs && skip > 0) {
        const char *text = f->paragraphs[i].text;
        while (skip < f->paragraphs[i].len && text[skip] != ' ')
            skip++;
    }
    for (; i < f->n_paragraphs && *n < end; i++, skip = 0) {
        size_t len = f->paragraphs[i].len - skip;
        size_t take = essay__utf8_cut(f->paragraphs[i].text + skip, len, end - *n);
        memcpy(l->sample + *n, f->paragraphs[i].text + skip, take);
        *n += take;
        if (take < len)
            return;
        if (*n < end)
            l->sample[(*n)++] = '\n';
    }
}

/* Lower the case of text[0..len), a word, when it is written in capitals
 * (two ASCII capitals or more and no small letter): the models were taken
 * from text in small letters, and a heading in capitals reads as German. */
static void lower_capitals(char *text, size_t len)
{
    size_t capitals = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] >= 'a' && text[i] <= 'z')
            return;
        capitals += text[i] >= 'A' && text[i] <= 'Z';
    }
    for (size_t i = 0; capitals >= 2 && i < len; i++)
        if (text[i] >= 'A' && text[i] <= 'Z')
            text[i] = (char)(text[i] - 'A' + 'a');
}

/* Keep the words of text[0..len) (ASCII letters and apostrophes, and
 * every byte of a non-ASCII character), each run of anything else made one
 * space: a table of figures reads as some language to the classifier.
 * Words in capitals are lowered (lower_capitals()).  Returns the new length. */
static size_t words_only(char *text, size_t len)
{
    size_t n = 0, word = 0;     /* text[word, n) is the word being kept */
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)text[i] : ' ';
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'' || c >= 0x80) {
            text[n++] = (char)c;
            continue;
        }
        if (n > word) {
            lower_capitals(text + word, n - word);
            if (i < len)
                text[n++] = ' ';
        }
        word = n;
    }
    return n;
}

/* The words of 'f' the language is judged by (words_only()), into
 * l->sample; returns their length.  All of its text when it fits in
 * DETECT_SAMPLE bytes, else an even share from each of DETECT_PLACES places
 * spread over it (its start, a quarter, half and three quarters of the
 * way): an essay that opens with a list of Latin names, a quotation or a
 * table of contents is judged by its prose too (a chapter of Burton's Land
 * of Midian that opens with a list of shells was taken for Catalan from its
 * first kilobyte). */
static size_t sample_text(essay_languages *l, const essay_file *f)
{
    size_t total = 0;
    for (size_t i = 0; i < f->n_paragraphs; i++)
        total += f->paragraphs[i].len + 1;
    size_t places = total <= DETECT_SAMPLE ? 1 : DETECT_PLACES;
    size_t n = 0;
    for (size_t place = 0; place < places; place++)
        sample_from(l, f, total / places * place, &n, DETECT_SAMPLE / places * (place + 1));
    return words_only(l->sample, n);
}

/* Snowball's English stop words (https://snowballstem.org/algorithms/english/stop.txt),
 * folded as the analyzer folds them, sorted: the check for English below,
 * and query.c, which leaves them out of a match_any query. */
static const char *const english_stopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't",
    "doing", "don't", "down", "during", "each", "few", "for", "from", "further", "had", "hadn't",
    "has", "hasn't", "have", "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here",
    "here's", "hers", "herself", "him", "himself", "his", "how", "how's", "i", "i'd", "i'll",
    "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "let's", "me",
    "more", "most", "mustn't", "my", "myself", "no", "nor", "not", "of", "off", "on", "once",
    "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same",
    "shan't", "she", "she'd", "she'll", "she's", "should", "shouldn't", "so", "some", "such",
    "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there",
    "there's", "these", "they", "they'd", "they'll", "they're", "they've", "this", "those",
    "through", "to", "too", "under", "until", "up", "very", "was", "wasn't", "we", "we'd", "we'll",
    "we're", "we've", "were", "weren't", "what", "what's", "when", "when's", "where", "where's",
    "which", "while", "who", "who's", "whom", "why", "why's", "with", "won't", "would", "wouldn't",
    "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself", "yourselves",
};

static int compare_word(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

int essay__english_stopword(const char *term)
{
    return bsearch(term, english_stopwords, sizeof english_stopwords / sizeof *english_stopwords,
                   sizeof *english_stopwords, compare_word) != NULL;
}

typedef struct {
    size_t words, stopwords;
} english_count;

static int count_english(const essay_token *tok, void *arg)
{
    english_count *c = arg;
    c->words++;
    c->stopwords += essay__english_stopword(tok->term);
    return c->words == ENGLISH_WORDS;
}

/* Whether sample[0..len), DETECT_MIN_BYTES or more, is plainly English: a
 * third of its first words English stop words.  The words are cut and
 * folded, not stemmed (stemming would be most of the cost). */
static int plainly_english(essay_languages *l, size_t len)
{
    english_count c = { 0 };
    if (len < DETECT_MIN_BYTES
        || (l->plain == NULL && essay_analyzer_new("none", &l->plain) != ESSAY_OK)
        || essay_analyze(l->plain, l->sample, len, count_english, &c) != ESSAY_OK)
        return 0;
    return c.words > 0 && 3 * c.stopwords >= c.words;
}

essay_analyzer *essay__languages_of_essay(essay_languages *l, const essay_file *f)
{
    const char *name = essay_language_name(f->language);
    if (name == NULL && f->n_paragraphs > 0) {
        size_t len = sample_text(l, f);
        if (strcmp(essay_analyzer_language(l->deflt), "english") == 0 && plainly_english(l, len))
            return l->deflt;
        if (!l->classifier_tried) {
            l->classifier_tried = 1;
            l->classifier = classifier_new();
        }
        if (l->classifier != NULL)
            name = classify(l->classifier, l->sample, len);
    }
    essay_analyzer *an = essay__languages_get(l, name);
    return an ? an : l->deflt;
}
