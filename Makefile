# pagescope: see README.md. `make demo` and `make check` are the two entry points.

CC       ?= gcc
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build

WARN     := -Werror=implicit-function-declaration -Werror=int-conversion -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-missing-field-initializers
CFLAGS   ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -Ilib -Ilib/include -I/usr/include/json-c
ALL_CFLAGS = -std=gnu11 $(WARN) -fPIC $(CFLAGS)
LIBS     := -lkdumpfile -laddrxlat -ldwarf -lelf -ljson-c -lbpf -lzstd -lm -ldl -pthread

LIB_SRC  := $(sort $(wildcard lib/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
UI_SRC   := $(sort $(wildcard ui/*.c))
UI_OBJ   := $(UI_SRC:%.c=$(BUILD)/%.o)

# What pagescope decompresses itself: a vmlinuz (lib/dump/bzimage.c: LZ4
# legacy frames, gzip) and a kdump file's runs (lib/dump/kdump_view.c).
LIBS     += -llz4 -llzo2 -lz

.PHONY: all clean check demo deps bench bench-deps install uninstall unit dump-tests asan-check
.DEFAULT_GOAL := all

all: $(BUILD)/pagescope

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# The version, from one place (scripts/version.sh); rewritten only when it changes.
VERSION_TXT := $(BUILD)/version.txt
$(VERSION_TXT): FORCE
	@mkdir -p $(dir $@)
	@scripts/version.sh > $@.$$$$.tmp; \
	if cmp -s $@.$$$$.tmp $@; then rm $@.$$$$.tmp; else mv $@.$$$$.tmp $@; fi
$(BUILD)/lib/base/version.o: $(VERSION_TXT)
$(BUILD)/lib/base/version.o: CPPFLAGS += -DPS_VERSION_STRING='"$(shell cat $(VERSION_TXT))"'
.PHONY: FORCE

$(BUILD)/libpagescope.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/pagescope: $(UI_OBJ) $(BUILD)/libpagescope.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/walkbench: bench/walkbench.c $(BUILD)/libpagescope.a
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/kdumpbench: bench/kdumpbench.c $(BUILD)/libpagescope.a
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
# then pagescope inside crash against the standalone tool (ext/), then
# the scaling table and plot over 2-256 GiB in $(BUILD)/bench, and the
# viewer's first screen and keys on the big dumps.
bench: all $(BUILD)/walkbench $(BUILD)/kdumpbench bench-dumps bench-deps
	/usr/bin/python3 bench/bench.py $(abspath $(DUMPS))/bench
	PS_DUMPS=$(abspath $(DUMPS)) /usr/bin/python3 tests/crash/bench_crash.py bench elf
	/usr/bin/python3 bench/scale.py $(abspath $(DUMPS)) $(BUILD)/bench
	/usr/bin/python3 bench/viewer_times.py $(wildcard $(abspath $(DUMPS))/big-*g/vmcore.filtered)

# What only the bench needs (gnuplot for its plot).
bench-deps:
	.ci/install-deps .ci/bench-packages

# Where `make install` puts things; Debian's layout under PREFIX.
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
DOCDIR      ?= $(PREFIX)/share/doc/pagescope
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DOCS        := README.md NEWS $(sort $(wildcard docs/*.md))

install: all
	install -D -m 755 $(BUILD)/pagescope $(DESTDIR)$(BINDIR)/pagescope
	install -D -m 644 docs/pagescope.1 $(DESTDIR)$(MANDIR)/man1/pagescope.1
	install -d $(DESTDIR)$(DOCDIR)
	install -m 644 $(DOCS) $(DESTDIR)$(DOCDIR)/
	install -D -m 644 ui/pagescope.bash-completion $(DESTDIR)$(BASHCOMPDIR)/pagescope

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pagescope $(DESTDIR)$(MANDIR)/man1/pagescope.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/pagescope
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(DOCS)))
	-rmdir $(DESTDIR)$(DOCDIR)

clean:
	rm -rf $(BUILD) build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(UI_OBJ:.o=.d)

-include dumps/dumps.mk
include tests/tests.mk
-include ext/ext.mk
-include ui/ui.mk
-include dumps/live/live.mk
