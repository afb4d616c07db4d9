# bench.mk -- the benchmark's programs and `make bench` / `make bench-quick`;
# included from the top Makefile.  bench/README.md says what is measured.
#
#   make bench                 every size (10 MB, 100 MB, 1 GB), full repeats
#   make bench-quick           the 10 MB size, few repeats: a few minutes
#   make bench BENCH_SIZES="10 100"   chosen sizes (MB: 10, 100, 1000)
#
# bench/run.sh also reads BENCH_REPEATS, BENCH_ROUNDS, BENCH_DATA, BENCH_KEEP.

BENCH_SIZES ?= 10 100 1000
BENCH_BIN = $(BUILD)/bench/paragraphs $(BUILD)/bench/fts5-peer $(BUILD)/bench/xapian-peer

.PHONY: bench bench-quick bench-deps bench-programs
bench-deps:
	@scripts/install-deps --bench

bench-programs: $(PROGRAMS) $(BENCH_BIN)

# paragraphs uses libessay's own essay parser, so the peers index exactly the
# engine's paragraphs.
$(BUILD)/bench/paragraphs: bench/paragraphs.c $(LIB_A) core/essay.h core/private.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(ALL_LDFLAGS) $(PKG_LIBS) -lstdc++ -lm

$(BUILD)/bench/fts5-peer: bench/peers/fts5-peer.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) -lsqlite3

# Only libxapian: the peer's start-up cost must not include libessay's libraries.
$(BUILD)/bench/xapian-peer: bench/peers/xapian-peer.cc
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) -o $@ $< $(ALL_LDFLAGS) $(shell pkg-config --libs xapian-core)

bench: bench-deps
	@$(MAKE) --no-print-directory bench-programs
	BUILD=$(BUILD) BENCH_SIZES="$(BENCH_SIZES)" bench/run.sh

bench-quick: bench-deps
	@$(MAKE) --no-print-directory bench-programs
	BUILD=$(BUILD) BENCH_SIZES=10 BENCH_QUICK=1 bench/run.sh
