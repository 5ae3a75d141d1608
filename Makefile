# pagescope: see README.md. `make demo` and `make check` are the two entry points.

CC       ?= gcc
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-missing-field-initializers
CFLAGS   ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -Ilib -Ilib/include -I/usr/include/json-c
ALL_CFLAGS = -std=gnu11 $(WARN) -fPIC $(CFLAGS)
LIBS     := -lkdumpfile -laddrxlat -ldwarf -lelf -ljson-c -lbpf -lzstd -lz -lm -pthread

LIB_SRC  := $(sort $(wildcard lib/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
# Unpacking a vmlinuz (lib/dump/bzimage.c): LZ4 legacy frames, gzip.
LIBS     += -llz4 -lz
UI_SRC   := $(sort $(wildcard ui/*.c))
UI_OBJ   := $(UI_SRC:%.c=$(BUILD)/%.o)

.PHONY: all clean check demo deps bench install unit dump-tests asan-check
.DEFAULT_GOAL := all

all: $(BUILD)/pagescope

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libpagescope.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/pagescope: $(UI_OBJ) $(BUILD)/libpagescope.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/walkbench: bench/walkbench.c $(BUILD)/libpagescope.a
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

# Everything a fresh Debian 12 machine needs (root or sudo).
deps:
	.ci/install-deps

# Set up everything, then look at the 6.12 test dump: the viewer on a
# terminal, the summary otherwise.
demo: deps
	$(MAKE) all
	$(MAKE) $(DUMPS)/6.12/vmcore.elf
	$(BUILD)/pagescope -k $(DUMPS)/6.12/vmlinux $(DUMPS)/6.12/vmcore.elf

# pagescope against drgn and crash on the large dump (not part of check),
# then pagescope inside crash against the standalone tool (ext/).
bench: all $(BUILD)/walkbench bench-dumps
	/usr/bin/python3 bench/bench.py $(abspath $(DUMPS))/bench
	PS_DUMPS=$(abspath $(DUMPS)) /usr/bin/python3 tests/crash/bench_crash.py bench elf

install: all
	install -D -m 755 $(BUILD)/pagescope $(DESTDIR)$(PREFIX)/bin/pagescope
	install -D -m 644 docs/pagescope.1 $(DESTDIR)$(PREFIX)/share/man/man1/pagescope.1

clean:
	rm -rf $(BUILD) build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(UI_OBJ:.o=.d)

-include dumps/dumps.mk
include tests/tests.mk
-include ext/ext.mk
-include ui/ui.mk
-include dumps/live/live.mk
