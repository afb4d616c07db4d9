/* test_metrics.c -- unit tests of eval/metrics.c, the trec_eval measures.
 *
 * Each expected value is worked out by hand in the comment above it, from
 * the definitions in metrics.h: gain = grade, discount log2(rank + 1), ideal
 * ranking from the judged grades, AP and recall over every relevant judged
 * document (grade >= 1).  log2(3) = 1.5849625, log2(5) = 2.3219281.
 */
#include <criterion/criterion.h>
#include "metrics.h"

#define EPS 1e-6
#define N(a) (sizeof (a) / sizeof (a)[0])

/* The toy query: four judged documents, grades 3, 2, 1 and 0 (judged, not
 * relevant), so three relevant.  The system ranks a non-relevant document,
 * the grade-3 one, another non-relevant one, the grade-1 one; it misses the
 * grade-2 one. */
static const int toy_judged[] = { 3, 2, 1, 0 };
static const int toy_ranked[] = { 0, 3, 0, 1 };

Test(metrics, counts_relevant_judgements)
{
    cr_assert_eq(metrics_relevant(toy_judged, N(toy_judged)), 3);
}

/* DCG@10  = 3 / log2(3) + 1 / log2(5)           = 1.8927893 + 0.4306766 = 2.3234658
 * IDCG@10 = 3 / log2(2) + 2 / log2(3) + 1 / log2(4) = 3 + 1.2618595 + 0.5 = 4.7618595
 * nDCG@10 = 2.3234658 / 4.7618595 = 0.4879325 */
Test(metrics, ndcg_uses_graded_gains_and_the_ideal_from_the_judgements)
{
    cr_assert_float_eq(metrics_ndcg(toy_ranked, N(toy_ranked), toy_judged, N(toy_judged), 10),
                       0.4879325, EPS);
}

/* At k = 2 both rankings are cut: DCG@2 = 3 / log2(3) = 1.8927893,
 * IDCG@2 = 3 + 2 / log2(3) = 4.2618595, nDCG@2 = 0.4441229. */
Test(metrics, ndcg_cuts_both_rankings_at_k)
{
    cr_assert_float_eq(metrics_ndcg(toy_ranked, N(toy_ranked), toy_judged, N(toy_judged), 2),
                       0.4441229, EPS);
}

/* Equal grades in the ideal ranking: judged 2, 2, 1; ranked 1, 2, 2.
 * DCG  = 1 + 2 / log2(3) + 2 / log2(4) = 1 + 1.2618595 + 1   = 3.2618595
 * IDCG = 2 + 2 / log2(3) + 1 / log2(4) = 2 + 1.2618595 + 0.5 = 3.7618595
 * nDCG = 0.8670870 */
Test(metrics, ndcg_ideal_repeats_a_grade_as_often_as_it_is_judged)
{
    static const int judged[] = { 1, 2, 2 };
    static const int ranked[] = { 1, 2, 2 };
    cr_assert_float_eq(metrics_ndcg(ranked, N(ranked), judged, N(judged), 10), 0.8670870, EPS);
}

/* Relevant at ranks 2 and 4: precision 1/2 and 2/4; three relevant judged,
 * the missed one counting as zero: AP = (0.5 + 0.5) / 3 = 1/3. */
Test(metrics, average_precision_divides_by_all_relevant_judged)
{
    cr_assert_float_eq(metrics_average_precision(toy_ranked, N(toy_ranked), toy_judged,
                                                 N(toy_judged), 100), 1.0 / 3.0, EPS);
}

/* At k = 2 only rank 2 counts: AP@2 = 0.5 / 3 = 1/6. */
Test(metrics, average_precision_stops_at_k)
{
    cr_assert_float_eq(metrics_average_precision(toy_ranked, N(toy_ranked), toy_judged,
                                                 N(toy_judged), 2), 1.0 / 6.0, EPS);
}

/* Two of the three relevant found by rank 100: 2/3; by rank 2, one: 1/3. */
Test(metrics, recall_counts_relevant_found_by_rank_k)
{
    cr_assert_float_eq(metrics_recall(toy_ranked, N(toy_ranked), toy_judged, N(toy_judged), 100),
                       2.0 / 3.0, EPS);
    cr_assert_float_eq(metrics_recall(toy_ranked, N(toy_ranked), toy_judged, N(toy_judged), 2),
                       1.0 / 3.0, EPS);
}

/* The ideal ranking itself scores 1 everywhere. */
Test(metrics, perfect_ranking_scores_one)
{
    static const int ranked[] = { 3, 2, 1 };
    metrics_scores s;
    cr_assert_eq(metrics_score(ranked, N(ranked), toy_judged, N(toy_judged), &s), 0);
    cr_assert_float_eq(s.ndcg, 1.0, EPS);
    cr_assert_float_eq(s.ap, 1.0, EPS);
    cr_assert_float_eq(s.recall, 1.0, EPS);
}

/* metrics_score() reports the toy query's three figures at the depths
 * `make eval` prints. */
Test(metrics, score_gives_ndcg10_ap100_recall100)
{
    metrics_scores s;
    cr_assert_eq(metrics_score(toy_ranked, N(toy_ranked), toy_judged, N(toy_judged), &s), 0);
    cr_assert_float_eq(s.ndcg, 0.4879325, EPS);
    cr_assert_float_eq(s.ap, 1.0 / 3.0, EPS);
    cr_assert_float_eq(s.recall, 2.0 / 3.0, EPS);
}

/* An empty ranking scores zero on a query that has relevant documents. */
Test(metrics, empty_ranking_scores_zero)
{
    metrics_scores s;
    cr_assert_eq(metrics_score(NULL, 0, toy_judged, N(toy_judged), &s), 0);
    cr_assert_float_eq(s.ndcg, 0.0, EPS);
    cr_assert_float_eq(s.ap, 0.0, EPS);
    cr_assert_float_eq(s.recall, 0.0, EPS);
}

/* A query whose judgements hold no relevant document (only grade 0, or
 * none at all) has no defined value: it is skipped, as trec_eval does. */
Test(metrics, query_without_relevant_documents_is_skipped)
{
    static const int judged[] = { 0, 0 };
    static const int ranked[] = { 0, 0 };
    metrics_scores s;
    cr_assert_eq(metrics_score(ranked, N(ranked), judged, N(judged), &s), -1);
    cr_assert_eq(metrics_score(ranked, N(ranked), NULL, 0, &s), -1);
    cr_assert_float_eq(metrics_ndcg(ranked, N(ranked), judged, N(judged), 10), 0.0, EPS);
}
