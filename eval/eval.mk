# eval.mk -- `make eval`: ranking quality of the engine and its peers on a
# test collection (eval/eval.sh; the figures and the settings tried are in
# tests/RELEVANCE.md).  Included from the top Makefile.  It needs jq (test
# deps) and SQLite (bench deps).
#
#   make eval                                   Cranfield, ../shared/eval/cranfield
#   make eval EVAL_COLLECTION=dir               another collection in the same layout
#   ESSAY_BM25_K1=1.0 ESSAY_BM25_B=0.5 make eval   try engine settings

EVAL_COLLECTION ?= ../shared/eval/cranfield
EVAL_BIN = $(BUILD)/eval/eval
EVAL_PEERS = $(BUILD)/bench/paragraphs $(BUILD)/bench/fts5-peer $(BUILD)/bench/xapian-peer

.PHONY: eval
eval: test-deps bench-deps
	@$(MAKE) --no-print-directory $(PROGRAMS) $(EVAL_BIN) $(EVAL_PEERS)
	@BUILD=$(BUILD) eval/eval.sh $(EVAL_COLLECTION)

$(EVAL_BIN): eval/eval.c eval/metrics.c eval/metrics.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ieval -o $@ eval/eval.c eval/metrics.c $(ALL_LDFLAGS) -lm

# The metrics' unit test links eval/metrics.c, not libessay (overrides the
# pattern rule for tests/test_*.c).
$(BUILD)/tests/test_metrics: tests/test_metrics.c eval/metrics.c eval/metrics.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ieval -o $@ tests/test_metrics.c eval/metrics.c $(ALL_LDFLAGS) \
	    -lcriterion -lm
