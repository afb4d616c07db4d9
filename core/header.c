/* header.c -- an essay file's header fields, and the warnings a person
 * hears about an essay file.
 *
 * essayfile.c finds the header (the lines between two "---" lines) and
 * hands each "key: value" line here.  Keys are matched without regard to
 * case; title, author, date, source and language are kept, other keys and
 * lines without a colon are ignored.  A value is cleaned (control
 * characters become spaces, it is trimmed), one pair of matching quotes
 * around it is taken off (YAML's 'title: "On Liberty"'), and an empty value
 * counts as absent.  A key given twice is warned about; the later value
 * wins, as it does in YAML.
 *
 * Dates.  A date is stored as ISO 8601 -- "YYYY", "YYYY-MM" or
 * "YYYY-MM-DD" -- which sorts as a string (--sort date), gives its year
 * (year:) and its month (--timeline).  These are read, and nothing that
 * could mean two days:
 *   YYYY, YYYY-MM, YYYY-MM-DD, also with "/" ("2024/06/01") and with one
 *   digit for the month or day ("1850-3-7"); a time after the day
 *   ("2021-05-06T10:00:00Z", "2021-05-06 10:00 +0200") is left out;
 *   an English month, in full or in three letters, before or after the day:
 *   "March 1850", "Mar. 1850", "March 7, 1850", "7 March 1850", "7th March 1850".
 * "06/01/2024" is June 1st in America and January 6th elsewhere, "circa
 * 1900" and "1850s" are no one date: such a value is warned about (with
 * the forms above) and the essay is indexed without a date.
 *
 * Language.  A language the indexer cannot stem (essay_language_name()
 * knows it not) is warned about: the essay's language is then detected
 * from its text, as when the header names none.
 *
 * Warnings.  An essay file gets a list of them (essay_file.warnings), each
 * of a line or of the whole file, its message naming the file: the
 * indexer says each, and the essay is indexed all the same.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "private.h"

#define ISO_DATE_MAX 10         /* "YYYY-MM-DD" */

int essay__file_warn(essay_file *f, const char *name, essay_notice_kind kind, unsigned line,
                     const char *fmt, ...)
{
    if (essay__reserve((void **)&f->warnings, &f->cap_warnings, f->n_warnings + 1,
                       sizeof *f->warnings) != ESSAY_OK)
        return -1;
    char *message, *path = strdup(name);
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&message, fmt, ap);
    va_end(ap);
    if (n < 0 || path == NULL) {
        free(path);
        if (n >= 0)
            free(message);
        return -1;
    }
    f->warnings[f->n_warnings++] = (essay_notice){ .kind = kind, .path = path, .line = line,
                                                   .message = message };
    return 0;
}

void essay__notices_free(essay_notice *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free((char *)w[i].path);
        free((char *)w[i].message);
    }
    free(w);
}

/* Narrow s[*start..*end) to what it holds between its leading and trailing
 * blanks (spaces: control characters are blanks by then). */
static void trim_blanks(const char *s, size_t *start, size_t *end)
{
    while (*start < *end && s[*start] == ' ')
        (*start)++;
    while (*end > *start && s[*end - 1] == ' ')
        (*end)--;
}

int essay__clean_copy(const char *s, size_t n, size_t max, char **out)
{
    *out = NULL;
    n = essay__utf8_cut(s, n, max);
    char *copy = malloc(n + 1);
    if (copy == NULL)
        return -1;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) {
            copy[len++] = ' ';
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] <= 0x9F) {
            copy[len++] = ' ';  /* U+0080..U+009F */
            i++;
        } else {
            copy[len++] = (char)c;
        }
    }
    size_t start = 0;
    trim_blanks(copy, &start, &len);
    if (len == start) {
        free(copy);
        return 0;
    }
    memmove(copy, copy + start, len - start);
    copy[len - start] = '\0';
    *out = copy;
    return 0;
}

/* Take one pair of matching quotes ("..." or '...') off the cleaned value
 * *v, and trim what they held; *v becomes NULL when nothing is left. */
static void unquote(char **v)
{
    char *s = *v;
    size_t n = strlen(s);
    if (n < 2 || (s[0] != '"' && s[0] != '\'') || s[n - 1] != s[0])
        return;
    size_t start = 1, end = n - 1;
    trim_blanks(s, &start, &end);
    if (end == start) {
        free(s);
        *v = NULL;
        return;
    }
    memmove(s, s + start, end - start);
    s[end - start] = '\0';
}

/* ---- dates --------------------------------------------------------------- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The number of 'min' to 'max' digits at *s, moving *s past them; -1 when
 * there are fewer or more. */
static int number_at(const char **s, int min, int max)
{
    int value = 0, n = 0;
    for (; is_digit(**s); (*s)++, n++)
        if (n < max)        /* more digits are refused: their value need not fit */
            value = value * 10 + (**s - '0');
    return n >= min && n <= max ? value : -1;
}

/* The month (1-12) an English month name, full or of three letters (and
 * perhaps a "."), at *s names, moving *s past it; 0 if none does. */
static int month_at(const char **s)
{
    static const char *const months[] = { "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december" };
    size_t n = 0;
    while (((*s)[n] >= 'a' && (*s)[n] <= 'z') || ((*s)[n] >= 'A' && (*s)[n] <= 'Z'))
        n++;
    for (int m = 0; m < 12; m++) {
        if ((n == 3 || n == strlen(months[m])) && strncasecmp(*s, months[m], n) == 0) {
            *s += n + ((*s)[n] == '.' && n == 3);
            return m + 1;
        }
    }
    return 0;
}

/* A day of the month at *s: one or two digits, perhaps "st", "nd", "rd" or "th". */
static int day_at(const char **s)
{
    int day = number_at(s, 1, 2);
    if (day > 0 && (strncasecmp(*s, "st", 2) == 0 || strncasecmp(*s, "nd", 2) == 0
                    || strncasecmp(*s, "rd", 2) == 0 || strncasecmp(*s, "th", 2) == 0))
        *s += 2;
    return day;
}

static void skip_blanks(const char **s, int comma)
{
    while (**s == ' ' || (comma && **s == ','))
        (*s)++;
}

static int days_in_month(int year, int month)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

/* Year-first numbers: "YYYY", "YYYY-MM", "YYYY-MM-DD" (or with "/"), a
 * time after the day.  *month and *day stay 0 when not given. */
static int numeric_date(const char *s, int *year, int *month, int *day)
{
    if ((*year = number_at(&s, 4, 4)) < 0)
        return 0;
    char sep = *s;
    if (sep == '\0')
        return 1;
    if ((sep != '-' && sep != '/') || (s++, *month = number_at(&s, 1, 2)) < 1)
        return 0;
    if (*s == '\0')
        return 1;
    if (*s != sep || (s++, *day = number_at(&s, 1, 2)) < 1)
        return 0;
    return *s == '\0' || ((*s == 'T' || *s == ' ') && is_digit(s[1]));
}

/* "March 1850", "March 7, 1850", "7 March 1850" (see "Dates" above). */
static int worded_date(const char *s, int *year, int *month, int *day)
{
    if (is_digit(*s)) {
        if ((*day = day_at(&s)) < 1)
            return 0;
        skip_blanks(&s, 0);
        if ((*month = month_at(&s)) == 0)
            return 0;
    } else {
        if ((*month = month_at(&s)) == 0)
            return 0;
        skip_blanks(&s, 0);
        const char *digits = s;
        if (number_at(&digits, 1, 2) >= 0 && (*day = day_at(&s)) < 1)
            return 0;
    }
    skip_blanks(&s, 1);
    *year = number_at(&s, 4, 4);
    return *year >= 0 && *s == '\0';
}

int essay__date_read(const char *value, char iso[ISO_DATE_MAX + 1])
{
    int year = 0, month = 0, day = 0;
    if (!numeric_date(value, &year, &month, &day)) {
        month = day = 0;
        if (!worded_date(value, &year, &month, &day))
            return 0;
    }
    if (year == 0 || month > 12 || (day > 0 && day > days_in_month(year, month)))
        return 0;
    if (day > 0)
        return snprintf(iso, ISO_DATE_MAX + 1, "%04d-%02d-%02d", year, month, day);
    if (month > 0)
        return snprintf(iso, ISO_DATE_MAX + 1, "%04d-%02d", year, month);
    return snprintf(iso, ISO_DATE_MAX + 1, "%04d", year);
}

/* ---- fields -------------------------------------------------------------- */

/* Check the value *v of key 'key' on line 'line' of 'name', and make it
 * what is stored: a date in ISO form (NULL, with a warning, when it is
 * none); a language the indexer cannot stem is warned about.  Returns 0, or
 * -1 when out of memory. */
static int check_value(essay_file *f, const char *name, unsigned line, const char *key, char **v)
{
    if (strcmp(key, "date") == 0) {
        char iso[ISO_DATE_MAX + 1];
        if (essay__date_read(*v, iso) > 0) {
            char *date = strdup(iso);   /* "1850-3-7" is shorter than "1850-03-07" */
            if (date == NULL)
                return -1;
            free(*v);
            *v = date;
            return 0;
        }
        int failed = essay__file_warn(f, name, ESSAY_NOTICE_HEADER, line, "%s:%u: date '%s' is "
                                      "not a date (YYYY, YYYY-MM or YYYY-MM-DD): the essay is "
                                      "indexed without one", name, line, *v);
        free(*v);
        *v = NULL;
        return failed;
    }
    if (strcmp(key, "language") == 0 && essay_language_name(*v) == NULL)
        return essay__file_warn(f, name, ESSAY_NOTICE_HEADER, line, "%s:%u: language '%s' is "
                                "not one essay-index can stem (essay-index --help lists them): "
                                "the language is detected from the text", name, line, *v);
    return 0;
}

int essay__header_field(essay_file *f, const char *name, const char *text, size_t len,
                        unsigned line)
{
    static const char *const keys[] = { "title", "author", "date", "source", "language" };
    char **fields[] = { &f->title, &f->author, &f->date, &f->source, &f->language };
    const char *colon = memchr(text, ':', len);
    if (colon == NULL)
        return 0;
    size_t key_len = (size_t)(colon - text);
    while (key_len > 0 && (text[key_len - 1] == ' ' || text[key_len - 1] == '\t'))
        key_len--;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strlen(keys[i]) != key_len || strncasecmp(keys[i], text, key_len) != 0)
            continue;
        char *value;
        size_t value_len = (size_t)(text + len - (colon + 1));
        if (essay__clean_copy(colon + 1, value_len, value_len, &value) != 0)
            return -1;
        if (value != NULL)
            unquote(&value);
        if (value == NULL)
            return 0;
        if (f->seen_keys & (1u << i)
            && essay__file_warn(f, name, ESSAY_NOTICE_HEADER, line, "%s:%u: '%s:' is given "
                                "twice in the header: this later one is used", name, line,
                                keys[i]) != 0) {
            free(value);
            return -1;
        }
        f->seen_keys |= 1u << i;
        free(*fields[i]);
        *fields[i] = NULL;
        if (check_value(f, name, line, keys[i], &value) != 0) {
            free(value);
            return -1;
        }
        *fields[i] = value;
        return 0;
    }
    return 0;
}
