# Real test vmcores: Debian kernels booted in QEMU, a known workload, the
# kernel's own ground truth next to each dump. Included by the top-level
# Makefile; see dumps/README.md.
#
#   make dumps         $(DUMPS)/6.1, 6.12, 6.12-fault, 5.10, 7.2 and 7.3, and
#                      6.12-owner once its kernel is built (owner-dumps)
#   make fault-dumps   $(DUMPS)/6.12-fault only
#   make phase-dumps   $(DUMPS)/6.12-phases only (before/ and after/, one boot)
#   make owner-dumps   $(DUMPS)/6.12-owner: Debian's 6.12 source built with
#                      page_owner and allocation profiling (build-kernel.sh,
#                      about an hour on two cores, once), booted with
#                      page_owner=on, with the fault module
#   make bench-dumps   $(DUMPS)/bench (16 GiB 6.12 guest, ELF and kdump) and
#                      $(DUMPS)/big-64g, big-256g (kdump and filtered only)
#   make dumps-clean   remove everything in $(DUMPS) but the downloaded debs
#
# DUMPS is the cache directory; CI points it outside the checkout to keep it.

DUMPS ?= dumps/out
DUMPS_SRC := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
# Do not become the default goal of the including Makefile.
dumps_default_goal := $(.DEFAULT_GOAL)
include $(DUMPS_SRC)/kernels.conf

DUMPS_PYTHON := /usr/bin/python3
DUMPS_CC ?= gcc
# Bench guest RAM in MiB: 16384 or 8192 (each has a guest/profiles/bench-*).
DUMPS_BENCH_MEM ?= 16384
# Big guests in GiB: kdump-compressed and filtered dumps only, their RAM a
# sparse file under $(DUMPS)/ram (see DUMP-FACTS: large guests).
DUMPS_BIG_GIB ?= 64 256
DUMPS_BUILD := $(DUMPS)/build
# The kernels of kernels.conf, by tag.
DUMPS_KERNELS := 6.1 6.12 5.10 7.2 7.3
DUMPS_PINS := $(DUMPS_KERNELS:%=$(DUMPS)/kernels/%/pin)

DUMPS_WORKLOAD := $(DUMPS_BUILD)/pagescope-workload
DUMPS_WORKLOAD_SRC := $(wildcard $(DUMPS_SRC)/workload/*.c $(DUMPS_SRC)/workload/*.h)
DUMPS_FILES_IMG := $(DUMPS_BUILD)/files.img
DUMPS_FAULTMOD := $(DUMPS_BUILD)/faultmod/faultmod.ko
DUMPS_HEADERS := $(DUMPS)/kernels/6.12/headers/build

DUMPS_OWNER_KDIR := $(DUMPS)/kernels/6.12-owner
DUMPS_OWNER_FAULTMOD := $(DUMPS_BUILD)/faultmod-owner/faultmod.ko

.PHONY: dumps fault-dumps phase-dumps owner-dumps bench-dumps dumps-clean
dumps: $(DUMPS)/6.1/vmcore.elf $(DUMPS)/6.12/vmcore.elf fault-dumps \
	$(DUMPS)/5.10/vmcore.elf $(DUMPS)/7.2/vmcore.elf $(DUMPS)/7.3/vmcore.elf \
	phase-dumps $(if $(wildcard $(DUMPS_OWNER_KDIR)/image.stamp),owner-dumps)
phase-dumps: $(DUMPS)/6.12-phases/after/vmcore.elf
fault-dumps: $(DUMPS)/6.12-fault/vmcore.elf
owner-dumps: $(DUMPS)/6.12-owner/vmcore.elf
bench-dumps: $(DUMPS)/bench/vmcore.elf $(DUMPS_BIG_GIB:%=$(DUMPS)/big-%g/vmcore.kdump)

dumps-clean:
	rm -rf $(DUMPS)/6.1 $(DUMPS)/6.12 $(DUMPS)/6.12-fault $(DUMPS)/6.12-phases $(DUMPS)/6.12-owner $(DUMPS)/5.10 $(DUMPS)/7.2 $(DUMPS)/7.3 \
		$(DUMPS)/bench $(DUMPS)/big-* $(DUMPS)/ram $(DUMPS)/*.tmp $(DUMPS_BUILD) \
		$(DUMPS)/kernels $(DUMPS)/apt

# --- inputs ----------------------------------------------------------------

# The kernel's own lines of kernels.conf, checked on every run; the file
# changes only when they do, so pinning another kernel refetches nothing.
$(DUMPS_PINS): $(DUMPS)/kernels/%/pin: dumps-always
	@$(DUMPS_SRC)/fetch-kernel.sh pin $(DUMPS) $*
dumps-always:

$(DUMPS)/kernels/%/image.stamp: $(DUMPS_SRC)/fetch-kernel.sh $(DUMPS)/kernels/%/pin
	$(DUMPS_SRC)/fetch-kernel.sh image $(DUMPS) $*

# After the image: both use the kernel's private apt lists.
$(DUMPS)/kernels/6.12/headers.stamp: $(DUMPS_SRC)/fetch-kernel.sh $(DUMPS)/kernels/6.12/pin \
		| $(DUMPS)/kernels/6.12/image.stamp
	$(DUMPS_SRC)/fetch-kernel.sh headers $(DUMPS) 6.12

# Built, not fetched: its source comes through 6.12's private apt lists.
$(DUMPS_OWNER_KDIR)/image.stamp: $(DUMPS_SRC)/build-kernel.sh $(DUMPS_SRC)/owner.config \
		| $(DUMPS)/kernels/6.12/image.stamp
	.ci/install-deps .ci/owner-packages
	$(DUMPS_SRC)/build-kernel.sh $(DUMPS) 6.12-owner

$(DUMPS_WORKLOAD): $(DUMPS_WORKLOAD_SRC)
	@mkdir -p $(@D)
	$(DUMPS_CC) -static -O2 -Wall -Wextra -D_GNU_SOURCE -o $@.tmp $(filter %.c,$^)
	mv $@.tmp $@

$(DUMPS_FILES_IMG): $(DUMPS_SRC)/mkfilesdisk.sh
	@mkdir -p $(@D)
	$(DUMPS_SRC)/mkfilesdisk.sh $@

# Kbuild writes next to the sources: build a copy, not the checkout.
$(DUMPS_FAULTMOD): $(DUMPS_SRC)/faultmod/faultmod.c $(DUMPS_SRC)/faultmod/Kbuild \
		$(DUMPS)/kernels/6.12/headers.stamp
	rm -rf $(@D) && mkdir -p $(@D)
	cp $(DUMPS_SRC)/faultmod/faultmod.c $(DUMPS_SRC)/faultmod/Kbuild $(@D)/
	env -u MAKEFLAGS -u MFLAGS -u MAKEOVERRIDES -u MAKELEVEL \
		$(MAKE) -s -C $(DUMPS_HEADERS) M=$(abspath $(@D)) modules

$(DUMPS_OWNER_FAULTMOD): $(DUMPS_SRC)/faultmod/faultmod.c $(DUMPS_SRC)/faultmod/Kbuild \
		$(DUMPS_OWNER_KDIR)/image.stamp
	rm -rf $(@D) && mkdir -p $(@D)
	cp $(DUMPS_SRC)/faultmod/faultmod.c $(DUMPS_SRC)/faultmod/Kbuild $(@D)/
	env -u MAKEFLAGS -u MFLAGS -u MAKEOVERRIDES -u MAKELEVEL \
		$(MAKE) -s -C $(DUMPS_OWNER_KDIR)/build M=$(abspath $(@D)) modules

# --- dumps -----------------------------------------------------------------

# What a dump directory links to: the booted vmlinuz, and the debuginfo's
# vmlinux and System.map unless the kernel has none (kernels.conf DBG=none).
dumps_links = --link vmlinuz=$(DUMPS)/kernels/$(1)/vmlinuz \
	$(if $(filter none,$(K$(subst .,,$(1))_DBG)),, \
		--link vmlinux=$(DUMPS)/kernels/$(1)/vmlinux \
		--link System.map=$(DUMPS)/kernels/$(1)/System.map)

# $(call dumps_initramfs,NAME,KERNEL_TAG,PROFILE,FAULTMOD_KO)
define dumps_initramfs
$(DUMPS_BUILD)/initramfs-$(1).cpio.gz: $(DUMPS_SRC)/mkinitramfs.sh $(DUMPS_SRC)/guest/init \
		$(DUMPS_SRC)/guest/profiles/$(3) $(DUMPS_WORKLOAD) $(4) \
		$(DUMPS)/kernels/$(2)/image.stamp
	$(DUMPS_SRC)/mkinitramfs.sh $$@ $(DUMPS)/kernels/$(2) \
		$(DUMPS_SRC)/guest/profiles/$(3) $(DUMPS_WORKLOAD) $(4)
endef

# $(call dumps_guest,NAME,KERNEL_TAG,PROFILE,MEM_MIB,FAULTMOD_KO,RUN_ARGS)
define dumps_guest
$(call dumps_initramfs,$(1),$(2),$(3),$(5))

$(DUMPS)/$(1)/vmcore.elf: $(DUMPS_BUILD)/initramfs-$(1).cpio.gz $(DUMPS_FILES_IMG) \
		$(DUMPS_SRC)/run-guest.py $(DUMPS)/kernels/$(2)/image.stamp
	$(DUMPS_PYTHON) $(DUMPS_SRC)/run-guest.py --out $(DUMPS)/$(1) --mem $(4) \
		--kernel $(DUMPS)/kernels/$(2)/vmlinuz $(call dumps_links,$(2)) \
		--initrd $$< --files-disk $(DUMPS_FILES_IMG) $(6)
endef

$(eval $(call dumps_guest,6.1,6.1,test,2048,,--filtered))
$(eval $(call dumps_guest,6.12,6.12,test,2048,,--filtered))
$(eval $(call dumps_guest,6.12-fault,6.12,test,2048,$(DUMPS_FAULTMOD),))
$(eval $(call dumps_guest,5.10,5.10,test,2048,,--filtered))
$(eval $(call dumps_guest,7.2,7.2,test,2048,,--filtered))
$(eval $(call dumps_guest,7.3,7.3,test,2048,,))
$(eval $(call dumps_guest,bench,6.12,bench-$(DUMPS_BENCH_MEM),$(DUMPS_BENCH_MEM),,--timeout 1800 --filtered --filtered-lzo))

# Before and after a workload phase, from one boot of the 6.12 guest: its
# initramfs plus dumps/guest/init-phases (the kernel unpacks concatenated
# archives), so nothing the other dumps are made from changes.
$(DUMPS_BUILD)/initramfs-6.12-phases.cpio.gz: $(DUMPS_BUILD)/initramfs-6.12.cpio.gz \
		$(DUMPS_SRC)/guest/init-phases
	rm -rf $@.d && mkdir -p $@.d
	cp $(DUMPS_SRC)/guest/init-phases $@.d/init-phases && chmod 755 $@.d/init-phases
	(cd $@.d && echo init-phases | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >$@.add
	cat $< $@.add >$@.tmp && rm -rf $@.d $@.add && mv $@.tmp $@

$(DUMPS)/6.12-phases/after/vmcore.elf: $(DUMPS_BUILD)/initramfs-6.12-phases.cpio.gz \
		$(DUMPS_FILES_IMG) $(DUMPS_SRC)/run-phases.py $(DUMPS_SRC)/run-guest.py \
		$(DUMPS)/kernels/6.12/image.stamp
	$(DUMPS_PYTHON) $(DUMPS_SRC)/run-phases.py --out $(DUMPS)/6.12-phases --mem 2048 \
		--kernel $(DUMPS)/kernels/6.12/vmlinuz $(call dumps_links,6.12) \
		--initrd $< --files-disk $(DUMPS_FILES_IMG)

# The page_owner guest: the fault dump's, on the owner kernel, booted with
# page_owner=on. Everything is built into that kernel, so mkinitramfs.sh
# gets a modules directory of its own (an empty load.list; faultmod.ko,
# which the fault workload loads itself). dumps/guest/owner-capture comes
# as a second archive over the workload binary, as init-phases does.
# Its buddyinfo moved during the capture in each of 4 boots (up to 10
# blocks an order): its dump is kept anyway, one boot, since its tests
# hold it to the allocation records only, never to buddyinfo.
$(DUMPS_BUILD)/owner-kdir/modules/load.list: $(DUMPS_OWNER_FAULTMOD)
	rm -rf $(@D) && mkdir -p $(@D)
	cp $< $(@D)/ && : >$@

$(DUMPS_BUILD)/initramfs-6.12-owner.cpio.gz: $(DUMPS_SRC)/mkinitramfs.sh $(DUMPS_SRC)/guest/init \
		$(DUMPS_SRC)/guest/owner-capture $(DUMPS_SRC)/guest/profiles/test $(DUMPS_WORKLOAD) \
		$(DUMPS_OWNER_FAULTMOD) $(DUMPS_BUILD)/owner-kdir/modules/load.list
	$(DUMPS_SRC)/mkinitramfs.sh $@.base $(DUMPS_BUILD)/owner-kdir \
		$(DUMPS_SRC)/guest/profiles/test $(DUMPS_WORKLOAD) $(DUMPS_OWNER_FAULTMOD)
	rm -rf $@.d && mkdir -p $@.d/bin
	cp $(DUMPS_SRC)/guest/owner-capture $@.d/bin/pagescope-workload
	cp $(DUMPS_WORKLOAD) $@.d/bin/pagescope-workload.bin
	chmod 755 $@.d/bin/*
	(cd $@.d && printf 'bin/pagescope-workload\nbin/pagescope-workload.bin\n' | \
		cpio -o -H newc -R 0:0 --quiet) | gzip -1 >$@.add
	cat $@.base $@.add >$@.tmp && rm -rf $@.d $@.add $@.base && mv $@.tmp $@

$(DUMPS)/6.12-owner/vmcore.elf: $(DUMPS_BUILD)/initramfs-6.12-owner.cpio.gz $(DUMPS_FILES_IMG) \
		$(DUMPS_SRC)/run-guest.py $(DUMPS_OWNER_KDIR)/image.stamp
	$(DUMPS_PYTHON) $(DUMPS_SRC)/run-guest.py --out $(DUMPS)/6.12-owner --mem 2048 \
		--kernel $(DUMPS_OWNER_KDIR)/vmlinuz --link vmlinuz=$(DUMPS_OWNER_KDIR)/vmlinuz \
		--link vmlinux=$(DUMPS_OWNER_KDIR)/vmlinux --link System.map=$(DUMPS_OWNER_KDIR)/System.map \
		--initrd $< --files-disk $(DUMPS_FILES_IMG) --append page_owner=on \
		--attempts 1 --keep-moved-truth

# $(call dumps_big,GIB): a 6.12 guest of GIB GiB, as kdump-compressed
# (QEMU's zlib) and filtered by makedumpfile -d 31 in zlib and lzo. One
# boot: its truth is kept even if it moved, the bench does not compare it.
define dumps_big
$(DUMPS)/big-$(1)g/vmcore.kdump: $(DUMPS_BUILD)/initramfs-big.cpio.gz $(DUMPS_FILES_IMG) \
		$(DUMPS_SRC)/run-guest.py $(DUMPS)/kernels/6.12/image.stamp
	@mkdir -p $(DUMPS)/ram
	$(DUMPS_PYTHON) $(DUMPS_SRC)/run-guest.py --out $(DUMPS)/big-$(1)g \
		--mem $(shell expr $(1) \* 1024) --ram-dir $(DUMPS)/ram --no-elf \
		--filtered --filtered-lzo --attempts 1 --keep-moved-truth \
		--timeout 3600 --dump-timeout 3600 \
		--kernel $(DUMPS)/kernels/6.12/vmlinuz $(call dumps_links,6.12) \
		--initrd $$< --files-disk $(DUMPS_FILES_IMG)
endef

$(eval $(call dumps_initramfs,big,6.12,big,))
$(foreach g,$(DUMPS_BIG_GIB),$(eval $(call dumps_big,$(g))))

# A stamp named after DUMPS_BENCH_MEM: changing the size rebuilds the bench.
$(DUMPS)/bench/vmcore.elf: $(DUMPS_BUILD)/bench-mem-$(DUMPS_BENCH_MEM)
$(DUMPS_BUILD)/bench-mem-%:
	@mkdir -p $(@D)
	@rm -f $(DUMPS_BUILD)/bench-mem-* && touch $@

.DEFAULT_GOAL := $(dumps_default_goal)
