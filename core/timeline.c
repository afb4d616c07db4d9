/* timeline.c -- the matches of a query year by year or month by month
 * (essay-search --timeline): the year or month facet of the results
 * (facets.c) laid out in time order, from the first dated match to the
 * last, with the periods between that have none, and the essays without
 * such a date counted apart.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

/* A period as a number of months from year 0 ("2021" is January 2021). */
static long months_of(const char *period)
{
    long year = strtol(period, NULL, 10), month = period[4] == '-' ? atol(period + 5) : 1;
    return year * 12 + month - 1;
}

essay_status essay_results_timeline(const essay_results *r, essay_facet unit,
                                    essay_period **periods, size_t *n,
                                    essay_facet_count *undated)
{
    *periods = NULL;
    *n = 0;
    memset(undated, 0, sizeof *undated);
    if (unit != ESSAY_FACET_YEAR && unit != ESSAY_FACET_MONTH)
        return ESSAY_BAD_ARGUMENT;
    size_t n_dated, n_essays;
    const essay_facet_count *dated = essay_results_facet(r, unit, &n_dated);
    const essay_facet_count *all = essay_results_facet(r, ESSAY_FACET_ESSAY, &n_essays);
    if (essay__results_facets(r) == NULL)
        return ESSAY_BAD_ARGUMENT;
    for (size_t i = 0; i < n_essays; i++) {
        undated->essays += all[i].essays;
        undated->paragraphs += all[i].paragraphs;
    }
    if (n_dated == 0)
        return ESSAY_OK;
    long step = unit == ESSAY_FACET_YEAR ? 12 : 1, first = LONG_MAX, last = LONG_MIN;
    for (size_t i = 0; i < n_dated; i++) {
        long at = months_of(dated[i].value);
        first = at < first ? at : first;
        last = at > last ? at : last;
        undated->essays -= dated[i].essays;
        undated->paragraphs -= dated[i].paragraphs;
    }
    size_t count = (size_t)((last - first) / step) + 1;
    essay_period *out = calloc(count, sizeof *out);
    if (out == NULL)
        return ESSAY_NOMEM;
    for (size_t k = 0; k < count; k++) {
        unsigned long at = (unsigned long)(first + (long)k * step);
        unsigned year = (unsigned)(at / 12 % 10000), month = (unsigned)(at % 12) + 1;
        if (unit == ESSAY_FACET_YEAR)
            snprintf(out[k].period, sizeof out[k].period, "%04u", year);
        else
            snprintf(out[k].period, sizeof out[k].period, "%04u-%02u", year, month);
    }
    for (size_t i = 0; i < n_dated; i++) {
        size_t k = (size_t)((months_of(dated[i].value) - first) / step);
        out[k].essays = dated[i].essays;
        out[k].paragraphs = dated[i].paragraphs;
    }
    *periods = out;
    *n = count;
    return ESSAY_OK;
}
