/* metrics.c -- nDCG, average precision and recall of one query (see metrics.h).
 *
 * Everything works on grades, so the caller decides once how its documents
 * map to judgements.  The ideal ranking for nDCG is built without sorting or
 * allocating: it takes the judged grades level by level, highest first,
 * each level as many times as it occurs, until k ranks are filled.
 */
#include <limits.h>
#include <math.h>
#include "metrics.h"

size_t metrics_relevant(const int *judged, size_t n_judged)
{
    size_t relevant = 0;
    for (size_t i = 0; i < n_judged; i++)
        relevant += judged[i] >= 1;
    return relevant;
}

/* The discount of rank r (from 1): log2(r + 1). */
static double discount(size_t rank)
{
    return log2((double)rank + 1.0);
}

/* The highest relevant grade below 'ceiling' among the judged, and how many
 * times it occurs; 0 when there is none. */
static int next_level(const int *judged, size_t n_judged, int ceiling, size_t *count)
{
    int level = 0;
    *count = 0;
    for (size_t i = 0; i < n_judged; i++) {
        int g = judged[i];
        if (g < 1 || g >= ceiling || g < level)
            continue;
        if (g > level) {
            level = g;
            *count = 0;
        }
        (*count)++;
    }
    return level;
}

static double ideal_dcg(const int *judged, size_t n_judged, size_t k)
{
    double dcg = 0.0;
    size_t rank = 1, count;
    for (int level = next_level(judged, n_judged, INT_MAX, &count);
         level > 0 && rank <= k;
         level = next_level(judged, n_judged, level, &count)) {
        for (; count > 0 && rank <= k; count--, rank++)
            dcg += level / discount(rank);
    }
    return dcg;
}

double metrics_ndcg(const int *ranked, size_t n_ranked, const int *judged, size_t n_judged,
                    size_t k)
{
    double ideal = ideal_dcg(judged, n_judged, k);
    if (ideal <= 0.0)
        return 0.0;
    double dcg = 0.0;
    for (size_t i = 0; i < n_ranked && i < k; i++)
        if (ranked[i] >= 1)
            dcg += ranked[i] / discount(i + 1);
    return dcg / ideal;
}

double metrics_average_precision(const int *ranked, size_t n_ranked, const int *judged,
                                 size_t n_judged, size_t k)
{
    size_t relevant = metrics_relevant(judged, n_judged);
    if (relevant == 0)
        return 0.0;
    double sum = 0.0;
    size_t found = 0;
    for (size_t i = 0; i < n_ranked && i < k; i++)
        if (ranked[i] >= 1)
            sum += (double)++found / (double)(i + 1);
    return sum / (double)relevant;
}

double metrics_recall(const int *ranked, size_t n_ranked, const int *judged, size_t n_judged,
                      size_t k)
{
    size_t relevant = metrics_relevant(judged, n_judged);
    if (relevant == 0)
        return 0.0;
    size_t found = 0;
    for (size_t i = 0; i < n_ranked && i < k; i++)
        found += ranked[i] >= 1;
    return (double)found / (double)relevant;
}

int metrics_score(const int *ranked, size_t n_ranked, const int *judged, size_t n_judged,
                  metrics_scores *out)
{
    out->ndcg = out->ap = out->recall = 0.0;
    if (metrics_relevant(judged, n_judged) == 0)
        return -1;
    out->ndcg = metrics_ndcg(ranked, n_ranked, judged, n_judged, METRICS_NDCG_DEPTH);
    out->ap = metrics_average_precision(ranked, n_ranked, judged, n_judged, METRICS_DEPTH);
    out->recall = metrics_recall(ranked, n_ranked, judged, n_judged, METRICS_DEPTH);
    return 0;
}
