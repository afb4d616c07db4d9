# fuzz.mk -- libFuzzer targets for libessay, and valgrind on the end-to-end
# tests (tests/RELIABILITY.md).  Included from the top Makefile.
#
#   make fuzz FUZZ_SECONDS=60   run each target for that long (default 60)
#   make fuzz-build             just build them, into $(FUZZ_BUILD)
#   make fuzz-regress           run each target once over its seed files
#   make valgrind               tests/e2e.sh with every program run under memcheck
#
# The library is built again with clang, libFuzzer's coverage instrumentation
# and AddressSanitizer + UBSan (every UBSan report aborts), into $(FUZZ_BUILD).
# Each run starts from tests/fuzz/seeds/<target>/ (read only: new inputs go
# to $(FUZZ_BUILD)/corpus/<target>/); a crash is written to
# $(FUZZ_BUILD)/artifacts/ and fails the make.  Needs: scripts/install-deps --fuzz.

FUZZ_SECONDS ?= 60
FUZZ_BUILD   ?= $(BUILD)/fuzz
FUZZ_CC      ?= clang
FUZZ_CXX     ?= clang++
FUZZ_TARGETS  = analyze essayfile query snippet output
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE $(WARN) -Wstrict-prototypes -g -O1 $(FUZZ_SAN) \
                -fsanitize=fuzzer-no-link -Icore $(PKG_CFLAGS)
FUZZ_CXXFLAGS = -std=c++17 $(WARN) -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link -Icore $(PKG_CFLAGS)
FUZZ_OBJ      = $(CORE_C:core/%.c=$(FUZZ_BUILD)/core/%.o) $(FUZZ_BUILD)/core/xapian-c.o \
                $(FUZZ_BUILD)/fuzz.o
FUZZ_BIN      = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
# Per run: stop at the first crash or leak; a slow input (10 s) or 2 GB is a bug too.
FUZZ_RUN_FLAGS = -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1

.PHONY: fuzz fuzz-build fuzz-deps fuzz-regress valgrind
fuzz-deps:
	@scripts/install-deps --fuzz

fuzz-build: $(FUZZ_BIN)

$(FUZZ_BUILD)/core/%.o: core/%.c core/essay.h core/private.h core/xapian-c.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_BUILD)/core/wordforms.o: core/wordforms.inc

$(FUZZ_BUILD)/core/xapian-c.o: core/xapian-c.cc core/xapian-c.h
	@mkdir -p $(@D)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -c $< -o $@

$(FUZZ_BUILD)/%.o: tests/fuzz/%.c tests/fuzz/fuzz.h core/essay.h core/private.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

# Objects made by pattern rules are not intermediate files to delete.
.SECONDARY: $(FUZZ_OBJ) $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%.o)

# Linked by the C++ driver, which brings UBSan's C++ runtime (vptr checks).
$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/fuzz_%.o $(FUZZ_OBJ)
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -lm

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	    mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/artifacts; \
	    $(FUZZ_BUILD)/fuzz_$$t $(FUZZ_RUN_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
	        -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- \
	        $$(test -f tests/fuzz/$$t.dict && echo -dict=tests/fuzz/$$t.dict) \
	        $(FUZZ_BUILD)/corpus/$$t tests/fuzz/seeds/$$t 2>$(FUZZ_BUILD)/fuzz_$$t.log \
	    || { tail -40 $(FUZZ_BUILD)/fuzz_$$t.log; exit 1; }; \
	    grep '^Done' $(FUZZ_BUILD)/fuzz_$$t.log; \
	done

fuzz-regress: fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    echo "== fuzz_$$t over tests/fuzz/seeds/$$t"; \
	    $(FUZZ_BUILD)/fuzz_$$t $(FUZZ_RUN_FLAGS) tests/fuzz/seeds/$$t/* \
	        >$(FUZZ_BUILD)/fuzz_$$t.log 2>&1 || { tail -40 $(FUZZ_BUILD)/fuzz_$$t.log; exit 1; }; \
	done

valgrind: fuzz-deps test-deps
	@$(MAKE) --no-print-directory all
	BUILD=$(BUILD) tests/valgrind.sh
