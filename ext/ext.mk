# The crash extension, pagescope.so. Included by the top-level Makefile.
#
#   make crash-ext       $(BUILD)/pagescope.so (needs crash's defs.h: Debian's crash package)
#   make crash-tests     tests/crash/*.py on the test dumps, through crash itself
#   make install-crash-ext   the .so and its man page (also part of `make install`)
#
# crash looks for `extend NAME.so` in $CRASH_EXTENSIONS, /usr/lib64/crash/extensions
# (64-bit), /usr/lib/crash/extensions, then ./extensions; not under a PREFIX. So a
# system PREFIX (/usr, /usr/local) installs where Debian's crash looks; any other
# PREFIX installs under it, and crash finds it through CRASH_EXTENSIONS.

CRASH_DEFS   ?= /usr/include/crash/defs.h
CRASH        ?= crash
# defs.h wants the machine and gdb version crash was built for.
CRASH_TARGET ?= X86_64
CRASH_GDB    ?= GDB_10_2
ifneq ($(filter /usr /usr/local,$(patsubst %/,%,$(PREFIX))),)
CRASH_EXTDIR ?= /usr/lib/crash/extensions
else
CRASH_EXTDIR ?= $(PREFIX)/lib/crash/extensions
endif
MANDIR       ?= $(PREFIX)/share/man

EXT_SRC   := $(sort $(wildcard ext/*.c))
EXT_OBJ   := $(EXT_SRC:%.c=$(BUILD)/%.o)
EXT_SO    := $(BUILD)/pagescope.so
EXT_FLAGS := -D$(CRASH_TARGET) -D$(CRASH_GDB) -Iext
# Nothing of ours is exported: crash finds the command through the
# constructor, and no other extension can bind to our library's symbols.
EXT_LDFLAGS := -shared -Wl,--version-script=ext/exports.map
CRASH_TESTS := $(sort $(wildcard tests/crash/test_*.py))

.PHONY: crash-ext crash-tests crash-asan-tests install-crash-ext uninstall-crash-ext
crash-ext: $(EXT_SO)

$(BUILD)/ext/%.o: ext/%.c $(CRASH_DEFS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(EXT_FLAGS) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# crash's own symbols (readmem, fp, ...) resolve at dlopen() time.
$(EXT_SO): $(EXT_OBJ) $(BUILD)/libpagescope.a ext/exports.map
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(EXT_LDFLAGS) -o $@ $(EXT_OBJ) \
		$(BUILD)/libpagescope.a $(LIBS)

crash-tests: all crash-ext
	@mkdir -p build/tests
	@for t in $(CRASH_TESTS); do \
		PS_DUMPS=$(abspath $(DUMPS)) PS_BIN=$(abspath $(BUILD)/pagescope) \
		PS_CRASH_EXT=$(abspath $(EXT_SO)) \
		$(TAP) "crash/$${t##*/}" -- python3 $$t; \
	done

# The same tests with the extension built with ASan+UBSan, the sanitizer
# runtimes preloaded into crash. crash 8.0.2 itself leaks, mixes malloc with
# operator delete (its gdb) and strstr()s past the end of a kdump file's
# VMCOREINFO: those three checks are off; our code is instrumented anyway.
CRASH_ASAN_ENV := PS_KERNELS=$(ASAN_KERNELS) PS_SCRATCH=$(abspath build-asan/tests) \
	PS_CRASH_PRELOAD="$$(gcc -print-file-name=libasan.so) $$(gcc -print-file-name=libubsan.so)" \
	ASAN_OPTIONS=detect_leaks=0:alloc_dealloc_mismatch=0:intercept_strstr=0 \
	UBSAN_OPTIONS=print_stacktrace=1

CRASH_ASAN_BUILD ?= build-asan

crash-asan-tests: all
	@$(MAKE) --no-print-directory BUILD=$(CRASH_ASAN_BUILD) CFLAGS="$(ASAN_FLAGS)" \
		$(CRASH_ASAN_BUILD)/pagescope.so >/dev/null
	@mkdir -p build/tests
	@for t in $(CRASH_TESTS); do \
		$(CRASH_ASAN_ENV) PS_DUMPS=$(abspath $(DUMPS)) PS_BIN=$(abspath $(BUILD)/pagescope) \
		PS_CRASH_EXT=$(abspath $(CRASH_ASAN_BUILD)/pagescope.so) \
		$(TAP) "asan/crash/$${t##*/}" -- python3 $$t; \
	done

uninstall-crash-ext:
	rm -f $(DESTDIR)$(CRASH_EXTDIR)/pagescope.so $(DESTDIR)$(MANDIR)/man1/pagescope-crash.1

install-crash-ext: $(EXT_SO)
	install -d $(DESTDIR)$(CRASH_EXTDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(EXT_SO) $(DESTDIR)$(CRASH_EXTDIR)/pagescope.so
	install -m 0644 docs/pagescope-crash.1 $(DESTDIR)$(MANDIR)/man1/pagescope-crash.1

# Where crash is not installed, there is nothing to extend.
ifneq ($(wildcard $(CRASH_DEFS)),)
all: crash-ext
install: install-crash-ext
uninstall: uninstall-crash-ext
endif

-include $(EXT_OBJ:.o=.d)
