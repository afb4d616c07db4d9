# eval.mk -- `make eval`: ranking quality of the engine and its peers on
# test collections (eval/eval.sh; the figures and the settings tried are in
# tests/RELEVANCE.md).  Included from the top Makefile.  It needs jq (test
# deps) and SQLite (bench deps).
#
#   make eval                          every collection in ../shared/eval (cranfield, cisi, cacm)
#   make eval EVAL_DATA=dir            every collection in dir
#   make eval EVAL_COLLECTION=dir      that collection alone
#   ESSAY_BM25_K1=1.0 ESSAY_BM25_B=0.5 make eval   try engine settings
#
# A collection is a directory with docs/, queries.tsv and qrels.tsv
# (eval/eval.sh).  They are not in the repository: without them make eval
# says so in one line, before installing or building anything.

EVAL_DATA ?= ../shared/eval
EVAL_COLLECTION ?=
EVAL_COLLECTIONS = $(patsubst %/qrels.tsv,%,$(if $(EVAL_COLLECTION), \
    $(wildcard $(EVAL_COLLECTION:%/=%)/qrels.tsv),$(wildcard $(EVAL_DATA:%/=%)/*/qrels.tsv)))
EVAL_MISSING = $(if $(EVAL_COLLECTION), \
    make eval: no test collection in $(EVAL_COLLECTION): EVAL_COLLECTION must name a directory \
    holding docs/$(comma) queries.tsv and qrels.tsv, \
    make eval: no test collections in $(EVAL_DATA): put directories holding docs/$(comma) \
    queries.tsv and qrels.tsv there (Cranfield$(comma) CISI$(comma) CACM: tests/RELEVANCE.md) \
    or set EVAL_DATA=dir to where they are)
EVAL_BIN = $(BUILD)/eval/eval
EVAL_PEERS = $(BUILD)/bench/paragraphs $(BUILD)/bench/fts5-peer $(BUILD)/bench/xapian-peer

.PHONY: eval
eval:
	$(if $(strip $(EVAL_COLLECTIONS)),,$(error $(strip $(EVAL_MISSING))))
	@scripts/install-deps --test
	@scripts/install-deps --bench
	@$(MAKE) --no-print-directory $(PROGRAMS) $(EVAL_BIN) $(EVAL_PEERS)
	@BUILD=$(BUILD) eval/eval.sh $(EVAL_COLLECTIONS)

$(EVAL_BIN): eval/eval.c eval/metrics.c eval/metrics.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ieval -o $@ eval/eval.c eval/metrics.c $(ALL_LDFLAGS) -lm

# The metrics' unit test links eval/metrics.c, not libessay (overrides the
# pattern rule for tests/test_*.c).
$(BUILD)/tests/test_metrics: tests/test_metrics.c eval/metrics.c eval/metrics.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ieval -o $@ tests/test_metrics.c eval/metrics.c $(ALL_LDFLAGS) \
	    -lcriterion -lm
