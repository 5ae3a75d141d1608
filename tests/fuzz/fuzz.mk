# libFuzzer harnesses for every parser of untrusted bytes (tests/fuzz/).
# Included by tests/tests.mk.
#
#   make fuzz FUZZ_SECONDS=N   build each harness (clang, ASan+UBSan), make
#                              its seeds from the test dumps, replay the
#                              crash inputs found before (tests/fuzz/regress/),
#                              then fuzz it for N seconds, FUZZ_JOBS at once
#   make fuzz-bins             only build them
#
# A crash input a run finds is left in build-fuzz/<harness>/crash-*; copy it
# to tests/fuzz/regress/<harness>/ with the fix, where every run replays it.

FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
# Harnesses fuzzed at once: one per core (each is single-threaded).
FUZZ_JOBS    ?= $(shell nproc)
FUZZ_BUILD   := build-fuzz
# FUZZING_BUILD_MODE_...: checksums are not checked, so that mutated
# inputs reach the decoders behind them (the OSS-Fuzz convention).
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer \
                -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION \
                -fsanitize=address,undefined,fuzzer-no-link \
                -fno-sanitize-recover=undefined
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)

FUZZ_LIB     := $(FUZZ_BUILD)/lib/libpagescope.a

fuzz-lib:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD)/lib CC=$(FUZZ_CC) \
		CFLAGS="$(FUZZ_CFLAGS)" WARN="-Wall -Wno-unused-command-line-argument" \
		$(FUZZ_LIB) >/dev/null

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c fuzz-lib
	$(FUZZ_CC) $(CPPFLAGS) -std=gnu11 $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ \
		$< $(FUZZ_LIB) $(LIBS)

fuzz-bins: $(FUZZ_BINS)

fuzz: fuzz-bins all
	@PS_DUMPS=$(abspath $(DUMPS)) PS_BIN=$(abspath $(BUILD)/pagescope) python3 tests/fuzz/seeds.py \
		$(FUZZ_BUILD)/seeds $(FUZZ_BUILD)/seed-build
	@printf '%s\n' $(FUZZ_NAMES) | FUZZ_SECONDS=$(FUZZ_SECONDS) \
		xargs -P $(FUZZ_JOBS) -I{} tests/fuzz/run.sh {} $(FUZZ_BUILD)

.PHONY: fuzz fuzz-bins fuzz-lib
