# Live tests: pagescope inside a QEMU guest on its own /proc/kcore, with no
# vmlinux and no layout cache (BTF and /proc/kallsyms), while a churn
# allocates and frees memory; the viewer driven through tmux in the guest.
# Included by the top-level Makefile after dumps/dumps.mk and tests/tests.mk;
# see dumps/live/README.md.
#
#   make live-tests    (re)run the live guest if an input changed, then tests/live/
#   make live-guest    only the guest run: $(DUMPS)/live
#   make live-clean    remove the guest run and its initramfs
#
# The run is cached like the dumps: it is redone when pagescope, the
# workload, these scripts or the kernel change (one run: 3-6 min under TCG).

LIVE_SRC   := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
live_default_goal := $(.DEFAULT_GOAL)
LIVE_OUT    := $(DUMPS)/live
LIVE_KERNEL := $(DUMPS)/kernels/6.12
LIVE_HELPER := $(DUMPS_BUILD)/pagescope-live
LIVE_INITRD := $(DUMPS_BUILD)/initramfs-live.cpio.gz
LIVE_TMUX   := $(shell command -v tmux)
LIVE_TESTS  := $(sort $(wildcard tests/live/test_*.py))

.PHONY: live-tests live-guest live-clean
live-guest: $(LIVE_OUT)/run.txt

$(LIVE_HELPER): $(wildcard $(LIVE_SRC)/helper/*.c $(LIVE_SRC)/helper/*.h)
	@mkdir -p $(@D)
	$(DUMPS_CC) -static -O2 -Wall -Wextra -D_GNU_SOURCE -o $@.tmp $(filter %.c,$^)
	mv $@.tmp $@

# pagescope is an input: the guest carries this build and its libraries.
$(LIVE_INITRD): $(LIVE_SRC)/mkinitramfs.sh $(LIVE_SRC)/init $(LIVE_SRC)/viewer.sh \
		$(LIVE_SRC)/tmux.conf $(LIVE_SRC)/profile $(DUMPS_WORKLOAD) $(LIVE_HELPER) \
		$(BUILD)/pagescope $(LIVE_TMUX) $(LIVE_KERNEL)/image.stamp
	$(LIVE_SRC)/mkinitramfs.sh $@ $(LIVE_KERNEL) $(LIVE_SRC)/profile \
		$(DUMPS_WORKLOAD) $(LIVE_HELPER) $(BUILD)/pagescope

$(LIVE_OUT)/run.txt: $(LIVE_INITRD) $(LIVE_SRC)/run-live.py $(DUMPS_SRC)/run-guest.py \
		$(LIVE_KERNEL)/image.stamp
	$(DUMPS_PYTHON) $(LIVE_SRC)/run-live.py --out $(LIVE_OUT) --mem 2048 \
		--kernel $(LIVE_KERNEL)/vmlinuz --initrd $(LIVE_INITRD)

# The layout from the live BTF is checked against DWARF's on the 6.12 dump.
live-tests: all $(LIVE_OUT)/run.txt $(DUMPS)/6.12/vmcore.elf
	@mkdir -p $(dir $(COUNTS))
	@for t in $(LIVE_TESTS); do \
		PS_LIVE=$(abspath $(LIVE_OUT)) PS_DUMPS=$(abspath $(DUMPS)) \
		$(TAP) "live/$${t##*/}" -- python3 $$t; \
	done

live-clean:
	rm -rf $(LIVE_OUT) $(LIVE_OUT).tmp $(LIVE_INITRD) $(LIVE_HELPER)

.DEFAULT_GOAL := $(live_default_goal)
