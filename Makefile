# Makefile -- builds libessay, essay-index and essay-search, runs the tests.
#
#   make                  build/essay-index, build/essay-search, build/libessay.{a,so}
#   make test             install missing Debian packages, build, run every test
#   make test-asan        the same suites under AddressSanitizer + UBSan
#   make demo             install, build, index corpus/ and run an example search
#   make install PREFIX=/usr/local DESTDIR=   (make uninstall with the same two; PYTHON=python3
#                         says which Python gets the essay module, python/sitedir.py where)
#   make bench            this engine against its peers (bench/README.md); bench-quick: 10 MB only
#   make fuzz             each libFuzzer target for FUZZ_SECONDS (60); make valgrind (tests/fuzz/fuzz.mk)
#
# BUILD=dir puts every build product in another directory (parallel builds).

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
CXX     ?= g++
PYTHON  ?= python3
CFLAGS  ?= -O2 -g
CXXFLAGS ?= -O2 -g

# The version is written once, in essay.h (ESSAY_VERSION); the shared
# library's file name, its SONAME (the major number) and libessay.pc take it
# from there.
VERSION   := $(shell sed -n 's/^\#define ESSAY_VERSION "\(.*\)"$$/\1/p' core/essay.h)
SOVERSION := $(firstword $(subst ., ,$(VERSION)))

WARN        = -Wall -Wextra -Wshadow -Werror
PKG_CFLAGS  = $(shell pkg-config --cflags xapian-core libutf8proc jansson libexttextcat hunspell)
XAPIAN_LIBS = $(shell pkg-config --libs xapian-core)
SMALL_LIBS  = $(shell pkg-config --libs libutf8proc jansson libexttextcat hunspell) -lstemmer
PKG_LIBS    = $(XAPIAN_LIBS) $(SMALL_LIBS)
# The two programs link the small C libraries statically: every shared library
# costs a one-shot search its mapping and a step in each of the dynamic
# loader's 2,000 symbol lookups (-0.3 ms a query, bench/NOTES.md).  Debian
# builds libxapian shared only.
PROGRAM_LIBS = $(XAPIAN_LIBS) -Wl,-Bstatic $(SMALL_LIBS) -Wl,-Bdynamic
# The two programs are linked at a fixed address: their 340 KB of pointers,
# mostly libstemmer's tables of every language, would be relocated (11,550
# relocations) and their pages copied at every start of a position-independent
# executable: -0.2 ms a one-shot search, 6% of the median query
# (bench/NOTES.md).  The libraries they load keep their random addresses.
# PROGRAM_PIE=-pie builds position-independent programs.
PROGRAM_PIE ?= -no-pie
# Nothing is exported but what essay.h declares (as notmuch builds its
# library): every symbol is hidden unless essay.h makes it visible, and the
# shared library's version script, made from essay.h, lists those and makes
# the rest local.  tests/exports.sh checks it.
ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE $(WARN) -Wstrict-prototypes \
              -fPIC -fvisibility=hidden $(CFLAGS) -Icore $(PKG_CFLAGS)
ALL_CXXFLAGS = -std=c++17 $(WARN) -fPIC -fvisibility=hidden $(CXXFLAGS) -Icore $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS)
ifdef SANITIZE
ALL_CFLAGS   += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
ALL_CXXFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
ALL_LDFLAGS  += -fsanitize=$(SANITIZE)
endif

CORE_C   = $(wildcard core/*.c)
CORE_OBJ = $(CORE_C:core/%.c=$(BUILD)/core/%.o) $(BUILD)/core/xapian-c.o
LIB_A    = $(BUILD)/libessay.a
LIB_SO   = $(BUILD)/libessay.so.$(VERSION)
PROGRAMS = $(BUILD)/essay-index $(BUILD)/essay-search
UNIT_SRC = $(wildcard tests/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/%.c=$(BUILD)/tests/%)
# A comma inside a $(if ...) or $(error ...) argument (eval.mk, bench.mk).
comma    = ,

.PHONY: all deps test-deps test check test-asan demo install uninstall clean
all: $(PROGRAMS) $(LIB_A) $(LIB_SO)

deps:
	@scripts/install-deps
test-deps:
	@scripts/install-deps --test

$(BUILD)/core/%.o: core/%.c core/essay.h core/private.h core/xapian-c.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/core/wordforms.o: core/wordforms.inc
$(BUILD)/core/variants.o: core/variants.inc

$(BUILD)/core/xapian-c.o: core/xapian-c.cc core/xapian-c.h
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) -c $< -o $@

$(LIB_A): $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The functions essay.h declares, one a line, as a linker version script.
$(BUILD)/libessay.map: core/essay.h
	@mkdir -p $(@D)
	{ echo '{ global:'; \
	  sed -n 's/^[a-z_ *]*\b\(essay_[a-z0-9_]*\)(.*/    \1;/p' core/essay.h | sort -u; \
	  echo '  local: *;'; echo '};'; } >$@

$(LIB_SO): $(CORE_OBJ) $(BUILD)/libessay.map
	$(CXX) -shared -Wl,-soname,libessay.so.$(SOVERSION) \
	    -Wl,--version-script=$(BUILD)/libessay.map $(ALL_LDFLAGS) -o $@ $(CORE_OBJ) $(PKG_LIBS)
	ln -sf libessay.so.$(VERSION) $(BUILD)/libessay.so.$(SOVERSION)
	ln -sf libessay.so.$(SOVERSION) $(BUILD)/libessay.so

# essay-search -i draws with ncurses (wide characters); only essay-search links
# it, statically too, so that a one-shot search does not load it.
CURSES_LIBS = -Wl,-Bstatic $(shell pkg-config --libs ncursesw) -Wl,-Bdynamic
$(BUILD)/essay-index: indexer/main.c
$(BUILD)/essay-search: $(wildcard searcher/*.c searcher/*.h)
$(BUILD)/essay-search: PROGRAM_LIBS += $(CURSES_LIBS)
$(PROGRAMS): $(LIB_A) core/essay.h
	$(CC) $(ALL_CFLAGS) -o $@ $(filter %.c,$^) $(LIB_A) $(PROGRAM_PIE) $(ALL_LDFLAGS) \
	    $(PROGRAM_LIBS) -lstdc++ -lm

$(BUILD)/tests/%: tests/%.c $(LIB_A) core/essay.h core/private.h tests/fixture.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(ALL_LDFLAGS) $(PKG_LIBS) -lcriterion -lstdc++ -lm
$(BUILD)/tests/test_threads: ALL_LDFLAGS += -pthread
$(BUILD)/tests/test_dictionary: ALL_LDFLAGS += -pthread

# The tests: every Criterion suite, then the end-to-end scripts.
test: test-deps
	@$(MAKE) --no-print-directory check

check: all $(UNIT_BIN)
	@BUILD=$(BUILD) tests/run-suites.sh $(UNIT_BIN) tests/exports.sh tests/layering.sh \
	    tests/e2e.sh tests/interactive.sh tests/shards.sh tests/status.sh tests/watch.sh \
	    tests/reliability.sh tests/examples.sh tests/python.sh

# Undefined behaviour stops the program (-fno-sanitize-recover), so that a
# test fails on it instead of printing a line the run goes past.
test-asan: test-deps
	@$(MAKE) --no-print-directory BUILD=build-asan SANITIZE=address,undefined \
	    CFLAGS="-O1 -g -fno-sanitize-recover=undefined" \
	    CXXFLAGS="-O1 -g -fno-sanitize-recover=undefined" check

demo: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/essay-index --index $(BUILD)/demo-index corpus/
	$(BUILD)/essay-search --index $(BUILD)/demo-index --limit 3 --color=always 'security guarantees'

# libessay.pc is made here, so that it names the PREFIX installed to.
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	    $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man3 \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(PROGRAMS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(LIB_A) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(LIB_SO) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libessay.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libessay.so.$(SOVERSION)
	ln -sf libessay.so.$(SOVERSION) $(DESTDIR)$(PREFIX)/lib/libessay.so
	install -m 644 core/essay.h $(DESTDIR)$(PREFIX)/include/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' core/libessay.pc.in >$(BUILD)/libessay.pc
	install -m 644 $(BUILD)/libessay.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/
	install -m 644 completion/essay-index completion/essay-search \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/
	install -m 644 docs/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 docs/*.3 $(DESTDIR)$(PREFIX)/share/man/man3/
	@if site=$$($(PYTHON) -E python/sitedir.py "$(PREFIX)"); then \
	    echo "installing the essay Python module in $(DESTDIR)$$site"; \
	    install -d "$(DESTDIR)$$site/essay" && \
	    install -m 644 python/essay/*.py "$(DESTDIR)$$site/essay/"; \
	else echo "no $(PYTHON): the essay Python module is not installed"; fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/essay-index $(DESTDIR)$(PREFIX)/bin/essay-search \
	    $(DESTDIR)$(PREFIX)/lib/libessay.a $(DESTDIR)$(PREFIX)/lib/libessay.so \
	    $(DESTDIR)$(PREFIX)/lib/libessay.so.$(SOVERSION) $(DESTDIR)$(PREFIX)/lib/libessay.so.$(VERSION) \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig/libessay.pc $(DESTDIR)$(PREFIX)/include/essay.h \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/essay-index \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/essay-search \
	    $(DESTDIR)$(PREFIX)/share/man/man1/essay-index.1 $(DESTDIR)$(PREFIX)/share/man/man1/essay-search.1 \
	    $(DESTDIR)$(PREFIX)/share/man/man3/libessay.3 $(DESTDIR)$(PREFIX)/share/man/man3/essay-python.3
	@if site=$$($(PYTHON) -E python/sitedir.py "$(PREFIX)") && [ -d "$(DESTDIR)$$site/essay" ]; then \
	    rm -rf "$(DESTDIR)$$site/essay/__pycache__"; \
	    rm -f "$(DESTDIR)$$site"/essay/*.py; \
	    rmdir "$(DESTDIR)$$site/essay"; \
	fi

clean:
	rm -rf build build-asan

# The benchmark's programs and targets.
include bench/bench.mk

# Relevance evaluation (eval/) and the metrics unit test.
include eval/eval.mk

# The fuzz targets and valgrind.
include tests/fuzz/fuzz.mk
