# bench.mk -- the benchmark's programs and `make bench` / `make bench-quick`;
# included from the top Makefile.  bench/README.md says what is measured.
#
#   make bench                 every size (10 MB, 100 MB, 1 GB), full repeats
#   make bench-quick           the 10 MB size, few repeats: a few minutes
#   make bench BENCH_SIZES="10 100"   chosen sizes (MB: 10, 100, 1000)
#
# bench/run.sh also reads BENCH_REPEATS, BENCH_ROUNDS, BENCH_DATA, BENCH_KEEP.
# The prose it measures on (brown/, nlp-corpus/, gutenberg-essays/) is not in
# the repository: it is read from BENCH_SHARED, and without it make bench
# says so in one line, before installing or building anything.

BENCH_SIZES ?= 10 100 1000
BENCH_SHARED ?= ../shared/bench
BENCH_CORPORA = brown nlp-corpus gutenberg-essays
BENCH_MISSING = $(filter-out $(wildcard $(BENCH_CORPORA:%=$(BENCH_SHARED:%/=%)/%)), \
    $(BENCH_CORPORA:%=$(BENCH_SHARED:%/=%)/%))
BENCH_CHECK = $(if $(strip $(BENCH_MISSING)),$(error make $@: no $(firstword $(BENCH_MISSING)): \
    it needs the benchmark prose ($(BENCH_CORPORA:%=%/): bench/README.md) in $(BENCH_SHARED)$(comma) \
    or BENCH_SHARED=dir naming where it is))
BENCH_BIN = $(BUILD)/bench/paragraphs $(BUILD)/bench/fts5-peer $(BUILD)/bench/xapian-peer \
    $(BUILD)/bench/keystrokes

.PHONY: bench bench-quick bench-deps bench-programs
bench-deps:
	@scripts/install-deps --bench

bench-programs: $(PROGRAMS) $(BENCH_BIN)

# paragraphs uses libessay's own essay parser, so the peers index exactly the
# engine's paragraphs.
$(BUILD)/bench/paragraphs: bench/paragraphs.c $(LIB_A) core/essay.h core/private.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(ALL_LDFLAGS) $(PKG_LIBS) -lstdc++ -lm

# keystrokes searches with essay-search -i's options (searcher/interactive.h).
$(BUILD)/bench/keystrokes: bench/keystrokes.c searcher/interactive.h $(LIB_A) core/essay.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isearcher -o $@ $< $(LIB_A) $(ALL_LDFLAGS) $(PKG_LIBS) -lstdc++ -lm

$(BUILD)/bench/fts5-peer: bench/peers/fts5-peer.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) -lsqlite3

# Only libxapian: the peer's start-up cost must not include libessay's libraries.
$(BUILD)/bench/xapian-peer: bench/peers/xapian-peer.cc
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) -o $@ $< $(ALL_LDFLAGS) $(shell pkg-config --libs xapian-core)

bench-quick: override BENCH_SIZES = 10
bench-quick: BENCH_QUICK = 1
bench bench-quick:
	$(BENCH_CHECK)
	@scripts/install-deps --bench
	@$(MAKE) --no-print-directory bench-programs
	BUILD=$(BUILD) BENCH_SHARED=$(BENCH_SHARED) BENCH_SIZES="$(BENCH_SIZES)" \
	    BENCH_QUICK=$(or $(BENCH_QUICK),0) bench/run.sh
