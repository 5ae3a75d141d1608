# Tests: unit (cmocka), real-dump and bad-input tests, UI tests, live tests
# (dumps/live/live.mk), crash extension tests (ext/ext.mk), then all but the
# live ones again under ASan+UBSan.
# `make check` ends with "N passed, N failed".

UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
DUMP_TESTS := $(sort $(wildcard tests/dump/test_*.py))
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined
COUNTS      = $(abspath build/tests/counts)
TAP         = TAP_COUNTS=$(COUNTS) tests/tap-summary.sh
# Under the sanitizers the real-dump and crash tests run on 6.12, the
# kernel with the most features, to keep CI within its hour; every kernel
# runs without them, and the fuzzers (ASan+UBSan) take 7.2's layouts too.
# make asan-check ASAN_KERNELS=6.12,5.10,7.2,6.1 runs them all.
ASAN_KERNELS ?= 6.12
# Not again under the sanitizers: the memory bounds (ASan's shadow memory
# is not ours), the thread-count comparison (no new code path) and the
# install and package tests (no C code of their own), the kernel outside the
# set (its checks run on 6.12 there already).
ASAN_DUMP_TESTS := $(filter-out %/test_memory_bound.py %/test_parallel.py %/test_install.py %/test_deb.py %/test_outside.py %/test_corpus_source.py,\
                     $(DUMP_TESTS))
ASAN_ENV    = PS_KERNELS=$(ASAN_KERNELS) PS_UI_TIMEOUT=120 \
              PS_SCRATCH=$(abspath build-asan/tests) ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
              LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
              UBSAN_OPTIONS=print_stacktrace=1

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libpagescope.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $^ $(LIBS) -lcmocka

unit-bins: $(UNIT_BINS)

unit: unit-bins
	@for t in $(UNIT_BINS); do $(TAP) "unit/$${t##*/}" -- $$t; done

# The layer rules of lib/, ui/ and ext/ (docs/hacking.md).
layer-tests:
	@$(TAP) "layers" -- python3 tests/layers.py
	@$(TAP) "hacking_doc" -- python3 tests/test_hacking_doc.py

dump-tests: all
	@for t in $(DUMP_TESTS); do \
		PS_DUMPS=$(abspath $(DUMPS)) $(TAP) "dump/$${t##*/}" -- python3 $$t; \
	done

asan-build:
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(ASAN_FLAGS)" \
		build-asan/pagescope unit-bins >/dev/null

asan-check: asan-build
	@for t in $(UNIT_SRC:tests/unit/%.c=build-asan/tests/unit/%); do \
		$(ASAN_ENV) $(TAP) "asan/unit/$${t##*/}" -- $$t; \
	done
	@for t in $(ASAN_DUMP_TESTS) $(UI_TESTS); do \
		$(ASAN_ENV) PS_BIN=$(abspath build-asan/pagescope) \
		PS_DUMPS=$(abspath $(DUMPS)) $(TAP) "asan/$${t#tests/}" -- python3 $$t; \
	done

# Damaged copies of the test dumps, every subcommand and the crash
# extension on them, under ASan+UBSan (tests/hostile/hostile.py).
hostile-tests: asan-build
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(ASAN_FLAGS)" \
		$(if $(wildcard $(CRASH_DEFS)),build-asan/pagescope.so) >/dev/null
	@mkdir -p build/tests
	@$(ASAN_ENV) PS_BIN=$(abspath build-asan/pagescope) PS_DUMPS=$(abspath $(DUMPS)) \
		PS_CRASH_EXT=$(abspath build-asan/pagescope.so) \
		PS_CRASH_PRELOAD="$$(gcc -print-file-name=libasan.so) $$(gcc -print-file-name=libubsan.so)" \
		$(TAP) "asan/hostile" -- python3 tests/hostile/hostile.py

# The plain and the sanitizer tests are two streams run side by side: each
# suite is mostly one process at a time, and a machine has more cores than
# that. Each stream prints a suite's lines when the suite ends; the sanitizer
# stream writes its scratch files under build-asan/tests.
check: all unit-bins dumps asan-build
	@mkdir -p build/tests build-asan/tests; rm -f $(COUNTS)
	@$(MAKE) --no-print-directory layer-tests
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory -j2 check-plain check-sanitized
	@tests/tap-summary.sh --total $(COUNTS)

check-plain:
	@$(MAKE) --no-print-directory dump-tests
	@$(MAKE) --no-print-directory ui-tests
	@$(MAKE) --no-print-directory live-tests
	@$(MAKE) --no-print-directory crash-tests

check-sanitized:
	@$(MAKE) --no-print-directory asan-check
	@$(MAKE) --no-print-directory crash-asan-tests
	@$(MAKE) --no-print-directory hostile-tests

.PHONY: unit-bins unit layer-tests dump-tests asan-build asan-check hostile-tests \
	check-plain check-sanitized
-include tests/fuzz/fuzz.mk
