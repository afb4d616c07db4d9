/* test_status.c -- Criterion tests of status.c: essay_index_status() on
 * indexes in known states.
 *
 * Each test makes a corpus of ESSAYS small essays (and, for one, a
 * remembered file beside it) in a temporary directory and indexes it: no
 * index yet, or a directory of other files; a fresh build (its counts
 * against the files: essays, their bytes, paragraphs, a path present, the
 * build's record); after an addition (the delta) and a change (folded);
 * with a remembered path gone; sharded in three (added up, the build's
 * record added up over the shards); and a stub file listing a shard and a
 * remote server, which is named and not asked.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fixture.h"

#define ESSAYS 12

static char dir[64];
static char corpus[128];
static char index_path[128];
static uint64_t corpus_bytes;

static void setup(void)
{
    strcpy(dir, "/tmp/test_status.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(corpus, sizeof corpus, "%s/corpus", dir);
    snprintf(index_path, sizeof index_path, "%s/index", dir);
    cr_assert_eq(mkdir(corpus, 0777), 0);
    corpus_bytes = 0;
    for (int i = 0; i < ESSAYS; i++) {
        char path[256], text[256];
        snprintf(path, sizeof path, "%s/essay-%02d.txt", corpus, i);
        snprintf(text, sizeof text, "Essay %d\n\nOf harbours and lighthouse %d.\n\nAnd tides.\n",
                 i, i);
        fixture_write_file(path, text);
        corpus_bytes += strlen(text);
    }
}

static void teardown(void)
{
    essay__remove_tree(dir, NULL);
}

TestSuite(status, .init = setup, .fini = teardown);

/* Update the index at 'index' from 'path' (NULL: its remembered paths). */
static void update_index(const char *index, const char *path)
{
    essay_index *ix;
    char *err = NULL;
    int flags = path ? ESSAY_CREATE : 0;
    essay_update_summary sum;
    cr_assert_eq(essay_index_open(index, flags, NULL, &ix, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_update(ix, &path, path != NULL, NULL, &sum, &err), ESSAY_OK, "%s",
                 err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
}

static void update(const char *path)
{
    update_index(index_path, path);
}

static essay_index_info *status_of(const char *path)
{
    essay_index_info *info = NULL;
    char *err = NULL;
    cr_assert_eq(essay_index_status(path, &info, &err), ESSAY_OK, "%s", err);
    return info;
}

Test(status, no_index_yet)
{
    essay_index_info *info;
    char *err = NULL;
    cr_assert_eq(essay_index_status(index_path, &info, &err), ESSAY_NO_INDEX);
    cr_assert_null(info);
    cr_assert_not_null(strstr(err, "no index at"), "%s", err);
    free(err);
}

Test(status, a_directory_of_other_files_is_no_index)
{
    essay_index_info *info;
    char *err = NULL;
    cr_assert_eq(essay_index_status(corpus, &info, &err), ESSAY_BAD_ARGUMENT);
    cr_assert_not_null(strstr(err, "holds no index"), "%s", err);
    free(err);
}

Test(status, a_fresh_index)
{
    update(corpus);
    essay_index_info *info = status_of(index_path);
    cr_assert_eq(info->kind, ESSAY_KIND_INDEX);
    cr_assert_str_eq(info->format, ESSAY_FORMAT_VERSION);
    cr_assert_str_eq(info->language, "english");
    cr_assert_null(info->shard);
    cr_assert_eq(info->essays, ESSAYS);
    cr_assert_eq(info->older_essays, 0);
    cr_assert_eq(info->paragraphs, 2 * ESSAYS, "each essay: its title's paragraph and one more");
    cr_assert_eq(info->essay_bytes, corpus_bytes);
    cr_assert_gt(info->words, 7 * ESSAYS);
    cr_assert_gt(info->disk_bytes, 0);
    cr_assert_eq(info->has_delta, 0);
    cr_assert_eq(info->n_paths, 1);
    cr_assert_str_eq(info->paths[0].path, corpus);
    cr_assert_eq(info->paths[0].present, 1);
    cr_assert_str_eq(info->last_update.kind, "update");
    cr_assert_eq(info->last_update.added, ESSAYS);
    cr_assert_eq(info->n_parts, 0);
    essay_index_info_free(info);
}

/* The counts of the index are those of a clean build of the same essays. */
static void same_counts_as_a_clean_build(const essay_index_info *info)
{
    char clean[160];
    snprintf(clean, sizeof clean, "%s/clean", dir);
    essay__remove_tree(clean, NULL);
    update_index(clean, corpus);
    essay_index_info *want = status_of(clean);
    cr_assert_eq(info->essays, want->essays);
    cr_assert_eq(info->paragraphs, want->paragraphs);
    cr_assert_eq(info->words, want->words);
    cr_assert_eq(info->essay_bytes, want->essay_bytes);
    essay_index_info_free(want);
}

Test(status, after_an_addition_and_a_change)
{
    update(corpus);
    char path[256];
    snprintf(path, sizeof path, "%s/new.txt", corpus);
    fixture_write_file(path, "New\n\nAbout airships and zeppelins.\n\nTwo paragraphs.\n");
    update(NULL);
    essay_index_info *info = status_of(index_path);
    cr_assert_eq(info->essays, ESSAYS + 1);
    cr_assert_eq(info->has_delta, 1, "an addition goes to the delta");
    cr_assert_eq(info->delta_essays, 1);
    cr_assert_eq(info->delta_paragraphs, 2);
    cr_assert_gt(info->delta_disk_bytes, 0);
    cr_assert_eq(info->last_update.added, 1);
    cr_assert_eq(info->last_update.unchanged, ESSAYS);
    same_counts_as_a_clean_build(info);
    essay_index_info_free(info);
    snprintf(path, sizeof path, "%s/essay-00.txt", corpus);
    fixture_write_file(path, "Essay 0\n\nRewritten.\n\nInto three.\n\nParagraphs.\n");
    update(NULL);
    info = status_of(index_path);
    cr_assert_eq(info->has_delta, 0, "a change folds the delta in");
    cr_assert_eq(info->essays, ESSAYS + 1);
    cr_assert_eq(info->last_update.updated, 1);
    cr_assert_eq(info->last_update.added, 0);
    same_counts_as_a_clean_build(info);
    essay_index_info_free(info);
}

/* Make the records of the first 'n' essays in the index at 'index' (a
 * plain one, or a shard: those it holds) those of 'reading': 0, an older
 * libessay's, without the reading (store.c); or a later one's.  Returns how
 * many it holds. */
static int plant_records_of_reading_in(const char *index, int n, unsigned reading)
{
    essay_index *ix;
    char *err = NULL;
    int planted = 0;
    cr_assert_eq(essay_index_open(index, 0, NULL, &ix, &err), ESSAY_OK, "%s", err);
    for (int i = 0; i < n; i++) {
        char path[256], id[17], key[64], *value = NULL, *old = NULL;
        snprintf(path, sizeof path, "%s/essay-%02d.txt", corpus, i);
        essay__essay_id(path, id);
        snprintf(key, sizeof key, "%s%s", ESSAY_META_ESSAY, id);
        xc_error xe;
        size_t len;
        cr_assert_eq(xc_wdb_get_metadata(ix->wdb, key, &value, &len, &xe), 0);
        if (len == 0) {
            free(value);
            continue;       /* in another shard */
        }
        planted++;
        essay_record rec;
        cr_assert_eq(essay__record_parse(value, len, &rec), 0);
        cr_assert_eq(rec.reading, ESSAY_READING);
        char reading_field[16] = "";
        if (reading > 0)
            snprintf(reading_field, sizeof reading_field, " %u", reading);
        cr_assert_gt(asprintf(&old, "%llu %lld %016llx %zu%s%s", (unsigned long long)rec.size,
                              (long long)rec.mtime_ns, (unsigned long long)rec.hash,
                              rec.paragraphs, reading_field, strchr(value, '\n')), 0);
        cr_assert_eq(xc_wdb_set_metadata(ix->wdb, key, old, strlen(old), &xe), 0);
        free(old);
        free(value);
    }
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    return planted;
}

static int plant_older_records_in(const char *index, int n)
{
    return plant_records_of_reading_in(index, n, 0);
}

static void plant_older_records(int n)
{
    cr_assert_eq(plant_older_records_in(index_path, n), n);
}

/* An index an older libessay wrote says so, and the next update reads those
 * essays again (an update with nothing else to do), after which it is one
 * of this reading. */
Test(status, essays_of_an_older_reading_are_counted_and_read_again)
{
    update(corpus);
    plant_older_records(3);
    essay_index_info *info = status_of(index_path);
    cr_assert_eq(info->older_essays, 3);
    cr_assert_eq(info->essays, ESSAYS);
    essay_index_info_free(info);

    essay_index *ix;
    char *err = NULL;
    essay_update_summary sum;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_update(ix, NULL, 0, NULL, &sum, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(sum.reread, 3);
    cr_assert_eq(sum.updated, 3);
    cr_assert_eq(sum.unchanged, ESSAYS - 3);
    cr_assert_eq(sum.paragraphs, 3 * 2);

    info = status_of(index_path);
    cr_assert_eq(info->older_essays, 0);
    same_counts_as_a_clean_build(info);
    essay_index_info_free(info);
}

static void count_older_notice(const essay_notice *n, void *ctx)
{
    if (n->kind == ESSAY_NOTICE_OLDER)
        (*(int *)ctx)++;
}

/* An index most of whose essays an older essay-index read is rebuilt by the
 * next update of its path, compacted, and says so first; one with a few
 * such essays reads those again in place (above). */
/* Whether a searcher of 'index' says an older essay-index built it. */
static int searched_as_older(const char *index)
{
    essay_searcher *s;
    char *err = NULL;
    cr_assert_eq(essay_searcher_open(index, &s, &err), ESSAY_OK, "%s", err);
    int older = essay_searcher_older(s);
    essay_searcher_close(s);
    return older;
}

Test(status, an_index_an_older_essay_index_built_is_rebuilt)
{
    update(corpus);
    cr_assert_eq(searched_as_older(index_path), 0);
    plant_older_records(ESSAYS);
    cr_assert_eq(searched_as_older(index_path), 1, "a search says so");
    int told = 0;
    essay_update_options opt = { .notice = count_older_notice, .ctx = &told };
    essay_update_summary sum;
    char *err = NULL;
    cr_assert_eq(essay_index_update_path(index_path, NULL, NULL, 0, &opt, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(told, 1);
    cr_assert_eq(sum.added, ESSAYS, "a rebuild adds every essay");
    essay_index_info *info = status_of(index_path);
    cr_assert_eq(info->older_essays, 0);
    cr_assert_str_eq(info->last_update.kind, "rebuild");
    same_counts_as_a_clean_build(info);
    essay_index_info_free(info);
    cr_assert_eq(searched_as_older(index_path), 0);
    /* and the next is an update as any */
    told = 0;
    cr_assert_eq(essay_index_update_path(index_path, NULL, NULL, 0, &opt, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(told, 0);
    cr_assert_eq(sum.unchanged, ESSAYS);
}

/* An index a newer essay-index has touched (one essay of a later reading is
 * enough) is not updated: this one would drop what the newer added.  The
 * message names the way out, and --rebuild takes it. */
Test(status, an_index_a_newer_essay_index_built_is_refused_unless_rebuilt)
{
    update(corpus);
    cr_assert_eq(plant_records_of_reading_in(index_path, 1, ESSAY_READING + 1), 1);
    essay_update_summary sum;
    char *err = NULL;
    cr_assert_eq(essay_index_update_path(index_path, NULL, NULL, 0, NULL, &sum, &err),
                 ESSAY_BAD_ARGUMENT);
    cr_assert_not_null(strstr(err, "built by a newer essay-index"), "%s", err);
    cr_assert_not_null(strstr(err, "--rebuild"), "%s", err);
    free(err);
    err = NULL;
    essay_index_info *info = status_of(index_path);
    cr_assert_eq(info->essays, ESSAYS, "nothing lost");
    cr_assert_eq(info->newer_essays, 1, "the status counts it");
    essay_index_info_free(info);
    essay_shards_options rebuild = { .flags = ESSAY_REBUILD };
    cr_assert_eq(essay_index_update_path(index_path, &rebuild, NULL, 0, NULL, &sum, &err),
                 ESSAY_OK, "%s", err);
    cr_assert_eq(sum.added, ESSAYS, "a rebuild reads every essay");
    cr_assert_eq(essay_index_update_path(index_path, NULL, NULL, 0, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(sum.unchanged, ESSAYS, "then it is this essay-index's");
}

/* A record of a newer reading that the check of an index's first records
 * misses (here, on another shard than the first) is not read again: that
 * essay is skipped, saying why, and nothing is lost. */
Test(status, an_essay_a_newer_essay_index_read_is_skipped_not_undone)
{
    essay_shards_options so = { .n_shards = 3, .flags = ESSAY_CREATE };
    essay_update_summary sum;
    char *err = NULL, shard[512];
    const char *paths[] = { corpus };
    cr_assert_eq(essay_shards_update(index_path, &so, paths, 1, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    /* the first shard after the first that holds some (an essay's shard
       follows its path, which the test's temporary directory makes another
       each run: shard1 alone held none in one run of a hundred or so) */
    int planted = 0;
    for (unsigned k = 1; k < so.n_shards && planted == 0; k++) {
        snprintf(shard, sizeof shard, "%s/shard%u", index_path, k);
        planted = plant_records_of_reading_in(shard, ESSAYS, ESSAY_READING + 1);
    }
    cr_assert_gt(planted, 0);
    cr_assert_eq(essay_index_update_path(index_path, NULL, NULL, 0, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(sum.skipped, (size_t)planted);
    cr_assert_eq(sum.updated, 0, "none read again");
    essay_index_info *info = status_of(index_path);
    cr_assert_eq(info->essays, ESSAYS, "nothing lost");
    cr_assert_eq(info->last_update.n_skipped_files, (size_t)planted);
    cr_assert_not_null(strstr(info->last_update.skipped_files[0].message,
                              "indexed by a newer essay-index"),
                       "%s", info->last_update.skipped_files[0].message);
    essay_index_info_free(info);
}

Test(status, a_gone_path)
{
    char gone[256];
    snprintf(gone, sizeof gone, "%s/lone.txt", dir);
    fixture_write_file(gone, "Lone\n\nAn essay on its own.\n");
    update(corpus);
    update(gone);
    cr_assert_eq(unlink(gone), 0);
    update(NULL);
    essay_index_info *info = status_of(index_path);
    cr_assert_eq(info->n_paths, 2);
    cr_assert_str_eq(info->paths[1].path, gone);
    cr_assert_eq(info->paths[1].present, 0);
    cr_assert_eq(info->paths[0].present, 1);
    cr_assert_eq(info->essays, ESSAYS + 1, "a gone path's essays stay until it is forgotten");
    cr_assert_eq(info->last_update.skipped, 1);
    cr_assert_eq(info->last_update.n_skipped_files, 1);
    cr_assert_str_eq(info->last_update.skipped_files[0].path, gone);
    essay_index_info_free(info);
}

Test(status, a_sharded_index_adds_up_its_shards)
{
    essay_shards_options so = { .n_shards = 3, .flags = ESSAY_CREATE };
    essay_update_summary sum;
    char *err = NULL;
    const char *paths[] = { corpus };
    cr_assert_eq(essay_shards_update(index_path, &so, paths, 1, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    essay_index_info *info = status_of(index_path);
    cr_assert_eq(info->kind, ESSAY_KIND_SHARDED);
    cr_assert_eq(info->n_parts, 3);
    size_t essays = 0;
    for (size_t k = 0; k < 3; k++) {
        char want[160], shard[16];
        snprintf(want, sizeof want, "%s/shard%zu", index_path, k);
        snprintf(shard, sizeof shard, "%zu/3", k);
        cr_assert_str_eq(info->parts[k].path, want);
        cr_assert_str_eq(info->parts[k].shard, shard);
        essays += info->parts[k].essays;
    }
    cr_assert_eq(essays, ESSAYS);
    cr_assert_eq(info->essays, ESSAYS);
    cr_assert_eq(info->essay_bytes, corpus_bytes);
    cr_assert_eq(info->n_paths, 1);
    cr_assert_str_eq(info->paths[0].path, corpus);
    cr_assert_eq(info->last_update.added, ESSAYS, "the shards' records of one run, added up");
    essay_index_info_free(info);

    /* made by an older libessay, it is read again, each shard in its process */
    int planted = 0;
    for (size_t k = 0; k < 3; k++) {
        char shard[160];
        snprintf(shard, sizeof shard, "%s/shard%zu", index_path, k);
        planted += plant_older_records_in(shard, ESSAYS);
    }
    cr_assert_eq(planted, ESSAYS);
    info = status_of(index_path);
    cr_assert_eq(info->older_essays, ESSAYS);
    essay_index_info_free(info);
    so.flags = 0;
    cr_assert_eq(essay_shards_update(index_path, &so, NULL, 0, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(sum.reread, ESSAYS);
    cr_assert_eq(sum.updated, ESSAYS);
    info = status_of(index_path);
    cr_assert_eq(info->older_essays, 0);
    essay_index_info_free(info);
}

Test(status, a_stub_names_its_remote_parts)
{
    essay_shards_options so = { .n_shards = 2, .flags = ESSAY_CREATE };
    essay_update_summary sum;
    const char *paths[] = { corpus };
    cr_assert_eq(essay_shards_update(index_path, &so, paths, 1, NULL, &sum, NULL), ESSAY_OK);
    char stub[256], text[512];
    snprintf(stub, sizeof stub, "%s/stub", dir);
    snprintf(text, sizeof text, "# two parts\nauto index/shard1\nremote 127.0.0.1:1\n");
    fixture_write_file(stub, text);
    essay_index_info *info = status_of(stub);
    cr_assert_eq(info->kind, ESSAY_KIND_SHARDED);
    cr_assert_eq(info->n_parts, 2);
    cr_assert_eq(info->parts[0].remote, 0);
    cr_assert_eq(info->parts[1].remote, 1);
    cr_assert_str_eq(info->parts[1].path, "remote 127.0.0.1:1");
    cr_assert_eq(info->essays, info->parts[0].essays);
    cr_assert_str_eq(info->parts[0].shard, "1/2");
    essay_index_info_free(info);
}

Test(status, a_file_that_is_no_stub_is_refused)
{
    char path[256];
    snprintf(path, sizeof path, "%s/essay-00.txt", corpus);
    essay_index_info *info;
    char *err = NULL;
    cr_assert_eq(essay_index_status(path, &info, &err), ESSAY_BAD_ARGUMENT);
    cr_assert_not_null(strstr(err, "not a stub file"), "%s", err);
    free(err);
}

Test(status, the_corpus_paths_alone)
{
    update(corpus);
    char **roots;
    size_t n;
    cr_assert_eq(essay__recorded_read(index_path, ESSAY_META_ROOTS, &roots, &n, NULL), ESSAY_OK);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(roots[0], corpus);
    free(roots[0]);
    free(roots);
}
