/* metrics.h -- ranking-quality measures of one query, as trec_eval defines them.
 *
 * The measures take a ranking already reduced to grades: ranked[i] is the
 * relevance grade of the document at rank i + 1 (0 when it is not relevant
 * or not judged), each document appearing once; and the grades of every
 * document judged for the query (judged[0..n_judged), any order), from
 * which the ideal ranking and the number of relevant documents come.  A
 * document is relevant when its grade is at least 1.
 *
 * Definitions (trec_eval 9.0.8: ndcg_cut, map_cut, recall):
 *   nDCG@k   = DCG@k / IDCG@k, DCG@k = sum over ranks r <= k of
 *              grade(r) / log2(r + 1) (gain = grade); IDCG@k is the DCG@k of
 *              the judged grades sorted in decreasing order.  (trec_eval
 *              before 9.0.4 discounted rank 2 like rank 1.)
 *   AP@k     = sum over the relevant documents at ranks r <= k of
 *              precision@r, divided by the number of relevant documents
 *              judged (not only those retrieved).
 *   Recall@k = relevant documents at ranks <= k / relevant documents judged.
 * A query with no relevant document has no defined value: trec_eval skips
 * it, and so does metrics_score().
 */
#ifndef EVAL_METRICS_H
#define EVAL_METRICS_H

#include <stddef.h>

#define METRICS_NDCG_DEPTH 10   /* nDCG@10 */
#define METRICS_DEPTH 100       /* MAP@100, Recall@100 */

/* How many of the judged grades are relevant (>= 1). */
size_t metrics_relevant(const int *judged, size_t n_judged);

/* nDCG@k; 0 when nothing judged is relevant. */
double metrics_ndcg(const int *ranked, size_t n_ranked, const int *judged, size_t n_judged,
                    size_t k);

/* Average precision over the first k ranks; 0 when nothing judged is relevant. */
double metrics_average_precision(const int *ranked, size_t n_ranked, const int *judged,
                                 size_t n_judged, size_t k);

/* Recall@k; 0 when nothing judged is relevant. */
double metrics_recall(const int *ranked, size_t n_ranked, const int *judged, size_t n_judged,
                      size_t k);

/* The figures `make eval` reports for one query. */
typedef struct {
    double ndcg;        /* nDCG@METRICS_NDCG_DEPTH */
    double ap;          /* AP@METRICS_DEPTH, averaged into MAP@100 */
    double recall;      /* Recall@METRICS_DEPTH */
} metrics_scores;

/* Score one query into *out.  Returns 0, or -1 (and zeros in *out) when no
 * judged document is relevant: the query is to be skipped. */
int metrics_score(const int *ranked, size_t n_ranked, const int *judged, size_t n_judged,
                  metrics_scores *out);

#endif
