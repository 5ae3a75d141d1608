# Tests: unit (cmocka), real-dump, bad-input; then the unit tests again
# under ASan+UBSan. `make check` ends with "N passed, N failed".

UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined
COUNTS     = $(BUILD)/tests/counts

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libpagescope.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $^ $(LIBS) -lcmocka

unit-bins: $(UNIT_BINS)

# One suite per unit test program.
unit: unit-bins
	@for t in $(UNIT_BINS); do \
		TAP_COUNTS=$(abspath $(COUNTS)) tests/tap-summary.sh "unit/$${t##*/}" -- $$t; \
	done

asan-check:
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(ASAN_FLAGS)" unit-bins >/dev/null
	@for t in $(UNIT_SRC:tests/unit/%.c=build-asan/tests/unit/%); do \
		ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		TAP_COUNTS=$(abspath $(COUNTS)) tests/tap-summary.sh "asan/$${t##*/}" -- $$t; \
	done

check: all unit-bins
	@mkdir -p $(BUILD)/tests; rm -f $(COUNTS)
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory dump-tests
	@$(MAKE) --no-print-directory asan-check
	@tests/tap-summary.sh --total $(COUNTS)

dump-tests:
	@echo "(real-dump tests: not yet)"
