# SPDX-License-Identifier: GPL-2.0
#
# dmabuf-audit: library, CLI, libtraceevent plugin, tests.
#
#   make [V=1] [O=builddir]       build everything (default O=build)
#   make check                    unit + CLI tests, then the kernel lab
#   make check-unit               unit + CLI tests only (no qemu)
#   make lab                      the kernel lab (amd64 and arm64 guests): ground truth,
#                                 robustness, perf
#   make demo                     boot the newest lab kernel and show the audit
#   make bench                    benchmarks, written to docs/bench-*.md
#   make install [prefix=/usr/local] [DESTDIR=] [libdir=] [plugindir=]
#                                 [datadir=] [mandir=] [completiondir=]
#   make uninstall                remove what install put there, and the
#                                 directories it made (same variables)
#   make deps                     install the Debian packages needed (root)

VERSION_MAJOR	= 0
VERSION_MINOR	= 1
VERSION_PATCH	= 0
VERSION		= $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)

# Cross builds, the kernel's way: CROSS_COMPILE=aarch64-linux-gnu- (or
# ARCH=arm64) takes that toolchain, and libraries and headers from a sysroot
# of Debian's packages for the target (scripts/sysroot.sh, `make deps`).
ifeq ($(ARCH),arm64)
CROSS_COMPILE	?= aarch64-linux-gnu-
endif
# make's built-in CC and AR are "cc" and "ar": ?= would never apply
ifeq ($(origin CC),default)
CC		= $(CROSS_COMPILE)gcc
endif
ifeq ($(origin AR),default)
AR		= $(CROSS_COMPILE)ar
endif
ifneq ($(CROSS_COMPILE),)
TRIPLET		:= $(patsubst %-,%,$(CROSS_COMPILE))
DEB_ARCH	:= $(shell dpkg-architecture -qDEB_HOST_ARCH -t$(TRIPLET) 2>/dev/null)
DEB_ARCH	:= $(or $(DEB_ARCH),$(if $(filter aarch64-%,$(TRIPLET)),arm64,$(TRIPLET)))
SYSROOT		?= /var/cache/dmabuf-audit-sysroot/$(DEB_ARCH)/root
override CC	+= --sysroot=$(SYSROOT)
endif

PREFIX		?= /usr/local
prefix		?= $(PREFIX)
MULTIARCH	:= $(shell $(CC) -print-multiarch 2>/dev/null)
bindir		?= $(prefix)/bin
libdir		?= $(prefix)/lib$(if $(MULTIARCH),/$(MULTIARCH))
includedir	?= $(prefix)/include
datadir		?= $(prefix)/share
mandir		?= $(datadir)/man
pkgdatadir	?= $(datadir)/dmabuf-audit
completiondir	?= $(datadir)/bash-completion/completions
pkgconfigdir	?= $(libdir)/pkgconfig
plugindir	?= $(libdir)/traceevent/plugins
# an entry for a libdir outside the loader's path (make install, as root)
LD_SO_CONF	?= /etc/ld.so.conf.d/dmabuf-audit.conf
LDCONFIG	?= $(shell command -v ldconfig || echo /sbin/ldconfig)

PKG_CONFIG	?= pkg-config
ifneq ($(CROSS_COMPILE),)
# the target's .pc files, their paths inside the sysroot ($(shell) gets no
# exported variables before make 4.4: they go on the command line)
override PKG_CONFIG := PKG_CONFIG_LIBDIR=$(SYSROOT)/usr/lib/$(MULTIARCH)/pkgconfig:$(SYSROOT)/usr/share/pkgconfig \
		  PKG_CONFIG_SYSROOT_DIR=$(SYSROOT) $(PKG_CONFIG)
endif
INSTALL		?= install

O		?= build
OUT		:= $(abspath $(O))

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' '$(1)' '$(patsubst $(OUT)/%,%,$(2))';
endif

# Lazily expanded, so `make deps` works before the packages are there.
DEP_CFLAGS	= $(shell $(PKG_CONFIG) --cflags libtracefs libtraceevent libtracecmd json-c libbpf zlib libzstd)
DEP_LIBS	= $(shell $(PKG_CONFIG) --libs libtracefs libtraceevent libtracecmd json-c libbpf zlib libzstd)

WARNINGS	= -Wall -Wextra -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter
CFLAGS		?= -g -O2
# -MMD -MP: each object's .d file names the headers it really includes
BASE_CFLAGS	= $(CFLAGS) $(WARNINGS) -MMD -MP -D_GNU_SOURCE -Iinclude \
		  -DDMABUF_AUDIT_VERSION='"$(VERSION)"'

LIB_SRCS	:= $(wildcard lib/*.c)
TOOL_SRCS	:= $(wildcard tools/*.c)
PLUGIN_SRCS	:= $(wildcard plugins/plugin_*.c)
UNIT_SRCS	:= $(wildcard tests/unit/*.c)
PLUGIN_LIB_SRCS	:= lib/vm-flags.c lib/group.c lib/schema.c

LIB_OBJS	:= $(LIB_SRCS:%.c=$(OUT)/%.o)
LIB_PIC_OBJS	:= $(LIB_SRCS:%.c=$(OUT)/%.pic.o)
# library files the CLI builds its own copy of (self-contained, libc only)
TOOL_LIB_SRCS	:= lib/out-file.c
TOOL_OBJS	:= $(TOOL_SRCS:%.c=$(OUT)/%.o) $(TOOL_LIB_SRCS:%.c=$(OUT)/tools/%.o)
UNIT_OBJS	:= $(UNIT_SRCS:%.c=$(OUT)/%.o)
# CLI files with pure functions the unit tests check
UNIT_TOOL_OBJS	:= $(OUT)/tools/exporter-v4l2-queues.o
PLUGIN_LIB_OBJS	:= $(PLUGIN_LIB_SRCS:%.c=$(OUT)/plugins/%.o)

LIBNAME		:= libdmabuf-audit
SONAME		:= $(LIBNAME).so.$(VERSION_MAJOR)
SHLIB		:= $(OUT)/lib/$(LIBNAME).so.$(VERSION)
STLIB		:= $(OUT)/lib/$(LIBNAME).a
CLI		:= $(OUT)/tools/dmabuf-audit
PLUGINS		:= $(PLUGIN_SRCS:%.c=$(OUT)/%.so)
UNIT		:= $(OUT)/tests/unit/unit-tests

# The oldest versions we build with: those of Debian 12.
DEP_MIN		= 'libtracefs >= 1.6.4' 'libtraceevent >= 1.7.1' \
		  'libtracecmd >= 1.3.1' 'json-c >= 0.16' 'libbpf >= 1.1' \
		  'zlib >= 1.2.13' 'libzstd >= 1.5.4'
DEPS_OK		:= $(OUT)/.deps-ok

all: $(SHLIB) $(STLIB) $(CLI) $(PLUGINS)

ifneq ($(CROSS_COMPILE),)
DEPS_HINT	= $(DEB_ARCH) libraries missing in $(SYSROOT): run 'make deps CROSS_COMPILE=$(CROSS_COMPILE)' as root
else
DEPS_HINT	= missing build dependencies: run 'make deps' as root
endif

$(DEPS_OK):
	$(Q)command -v $(firstword $(CC)) >/dev/null || \
		{ echo "no compiler $(firstword $(CC)): run 'make deps$(if $(CROSS_COMPILE), CROSS_COMPILE=$(CROSS_COMPILE))' as root" >&2; exit 1; }
	$(Q)mkdir -p $(@D) && $(PKG_CONFIG) $(DEP_MIN) 2>/dev/null || \
		{ echo "$(DEPS_HINT)" >&2; exit 1; }
	$(Q)touch $@

$(OUT)/lib/%.pic.o: lib/%.c $(OUT)/lib/%.pic.d | $(DEPS_OK)
	$(call msg,CC,$@)mkdir -p $(@D) && $(CC) $(BASE_CFLAGS) $(DEP_CFLAGS) \
		-fPIC -fvisibility=hidden -c $< -o $@

$(OUT)/lib/%.o: lib/%.c $(OUT)/lib/%.d | $(DEPS_OK)
	$(call msg,CC,$@)mkdir -p $(@D) && $(CC) $(BASE_CFLAGS) $(DEP_CFLAGS) \
		-fvisibility=hidden -c $< -o $@

$(SHLIB): $(LIB_PIC_OBJS) lib/libdmabuf-audit.map
	$(call msg,LD,$@)$(CC) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=lib/libdmabuf-audit.map -Wl,--no-undefined \
		-o $@ $(LIB_PIC_OBJS) $(DEP_LIBS)
	$(Q)ln -sf $(notdir $@) $(OUT)/lib/$(SONAME)
	$(Q)ln -sf $(SONAME) $(OUT)/lib/$(LIBNAME).so

$(STLIB): $(LIB_OBJS)
	$(call msg,AR,$@)rm -f $@ && $(AR) rcs $@ $^

$(OUT)/tools/%.o: tools/%.c $(OUT)/tools/%.d | $(DEPS_OK)
	$(call msg,CC,$@)mkdir -p $(@D) && $(CC) $(BASE_CFLAGS) $(DEP_CFLAGS) -c $< -o $@

$(OUT)/tools/lib/%.o: lib/%.c $(OUT)/tools/lib/%.d | $(DEPS_OK)
	$(call msg,CC,$@)mkdir -p $(@D) && $(CC) $(BASE_CFLAGS) -c $< -o $@

# The CLI links the shared library; the build tree uses an rpath-free
# LD_LIBRARY_PATH (see run_cli), installed copies find it in $(libdir).
$(CLI): $(TOOL_OBJS) $(SHLIB)
	$(call msg,LD,$@)$(CC) $(LDFLAGS) -o $@ $(TOOL_OBJS) \
		-L$(OUT)/lib -ldmabuf-audit $(DEP_LIBS)

# The plugin carries its own hidden copies of the library files it names
# in PLUGIN_LIB_SRCS, so trace-cmd and perf load it without libdmabuf-audit.
PLUGIN_CFLAGS	= $(BASE_CFLAGS) -Ilib $(shell $(PKG_CONFIG) --cflags libtraceevent) \
		  -fPIC -fvisibility=hidden -DDMABUF_AUDIT_API=
$(OUT)/plugins/%.o: plugins/%.c $(OUT)/plugins/%.d | $(DEPS_OK)
	$(call msg,CC,$@)mkdir -p $(@D) && $(CC) $(PLUGIN_CFLAGS) -c $< -o $@

$(OUT)/plugins/lib/%.o: lib/%.c $(OUT)/plugins/lib/%.d | $(DEPS_OK)
	$(call msg,CC,$@)mkdir -p $(@D) && $(CC) $(PLUGIN_CFLAGS) -c $< -o $@

$(OUT)/plugins/%.so: $(OUT)/plugins/%.o $(PLUGIN_LIB_OBJS)
	$(call msg,LD,$@)$(CC) $(LDFLAGS) -shared -o $@ $^

# Made at install time, so it names the directories of that install.
define gen_pc
	sed -e 's|@PREFIX@|$(prefix)|' -e 's|@LIBDIR@|$(libdir)|' \
		-e 's|@INCLUDEDIR@|$(includedir)|' -e 's|@VERSION@|$(VERSION)|' $(1) > $(2)
endef

$(OUT)/tests/unit/%.o: tests/unit/%.c $(OUT)/tests/unit/%.d | $(DEPS_OK)
	$(call msg,CC,$@)mkdir -p $(@D) && $(CC) $(BASE_CFLAGS) $(DEP_CFLAGS) \
		-Ilib -c $< -o $@

# Unit tests link the static library so they can reach hidden internals,
# and the exerciser's pure functions (V4L2 queue chooser, DRM driver table).
UNIT_TOOL_OBJS	+= $(OUT)/tools/exporter-drm-drivers.o
$(UNIT): $(UNIT_OBJS) $(UNIT_TOOL_OBJS) $(STLIB)
	$(call msg,LD,$@)$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJS) $(UNIT_TOOL_OBJS) $(STLIB) \
		$(DEP_LIBS) $(shell $(PKG_CONFIG) --libs cunit) -ldl

deps:
ifneq ($(CROSS_COMPILE),)
	$(Q)scripts/deps.sh cross $(TRIPLET) && scripts/sysroot.sh $(DEB_ARCH) >/dev/null
else
	$(Q)scripts/deps.sh all
endif

# The hermetic tests need the build and test packages only (no qemu, no
# root when they are installed).
deps-test:
	$(Q)scripts/deps.sh test

check-unit: deps-test
	$(Q)$(MAKE) --no-print-directory all $(UNIT)
	$(Q)$(UNIT) --plugin-dir $(OUT)/plugins --formats-dir tests/unit/formats
	$(Q)OUT=$(OUT) tests/cli/run
	$(Q)$(MAKE) --no-print-directory check-sanitizers

lab: deps all
	$(Q)tests/lab/ground-truth --build $(OUT)
	$(Q)tests/lab/ground-truth --build $(OUT) --arch arm64
	$(Q)tests/lab/merge-check --build $(OUT)
	$(Q)tests/lab/robustness --build $(OUT)
	$(Q)tests/lab/gup-filter --build $(OUT)
	$(Q)tests/lab/perf --build $(OUT)

check: check-unit
	$(Q)$(MAKE) --no-print-directory lab

bench: deps all
	$(Q)tests/bench/offline --build $(OUT)
	$(Q)tests/bench/snapshot --build $(OUT)
	$(Q)tests/bench/live --build $(OUT)
	$(Q)tests/bench/gup-heavy --build $(OUT)

demo: deps all
	$(Q)tests/lab/demo --build $(OUT)

INSTALL_DIRS	= $(bindir) $(libdir) $(includedir) $(pkgconfigdir) $(plugindir) \
		  $(mandir)/man1 $(mandir)/man3 $(pkgdatadir) $(completiondir)

# The library's pages, one per group of functions (docs/man3), and for each
# other name in a page's NAME line a page holding ".so man3/PAGE.3", so that
# `man 3 FUNCTION` finds it (libtracefs does the same): NAME:PAGE pairs.
MAN3		:= $(wildcard docs/man3/*.3)
MAN3_LINKS	:= $(shell awk 'FNR == 1 { page = FILENAME; sub(/.*\//, "", page); \
			sub(/\.3$$/, "", page) } \
		prev == ".SH NAME" { line = $$0; sub(/ \\-.*/, "", line); gsub(/,/, "", line); \
			n = split(line, w, " "); \
			for (i = 1; i <= n; i++) if (w[i] != page) print w[i] ":" page } \
		{ prev = $$0 }' $(MAN3))
# uninstall removes the directories install made, listed here, and no other
DIRS_MADE	= $(pkgdatadir)/installed-dirs

# Make every missing directory of $(INSTALL_DIRS), parents too, and add
# those made to $(DIRS_MADE) (paths without DESTDIR).
define install_dirs
	made=; for d in $(INSTALL_DIRS); do \
		new=; p=$(DESTDIR)$$d; \
		while [ ! -d "$$p" ]; do new="$$p $$new"; p=$$(dirname "$$p"); done; \
		for n in $$new; do $(INSTALL) -d "$$n" || exit; made="$$made $${n#$(DESTDIR)}"; done; \
	done; \
	for n in $$made; do echo "$$n"; done >>$(DESTDIR)$(DIRS_MADE)
endef

# Without DESTDIR the tool must run once installed: refresh the loader's
# cache, and where it still does not find the library ($(libdir) outside
# its path), add $(LD_SO_CONF), as trace-cmd and libtracefs do. Never
# with DESTDIR, nor for a cross build: that tree is not this machine's.
define install_ld_config
	if [ -n "$(DESTDIR)$(CROSS_COMPILE)" ]; then :; \
	elif [ "$$(id -u)" != 0 ]; then \
		echo "not root: ldconfig not run; if dmabuf-audit cannot find" \
			"$(SONAME), add $(libdir) to LD_LIBRARY_PATH" >&2; \
	else \
		$(LDCONFIG) && \
		if ! $(LDCONFIG) -p | grep -qF " => $(libdir)/$(SONAME)"; then \
			echo "  INSTALL  $(LD_SO_CONF) ($(libdir))"; \
			echo "$(libdir)" >$(LD_SO_CONF) && $(LDCONFIG); \
		fi; \
	fi
endef

define uninstall_ld_config
	if [ -z "$(DESTDIR)$(CROSS_COMPILE)" ] && [ "$$(id -u)" = 0 ]; then \
		if [ "$$(cat $(LD_SO_CONF) 2>/dev/null)" = "$(libdir)" ]; then \
			rm -f $(LD_SO_CONF); \
		fi; \
		$(LDCONFIG); \
	fi
endef

# No static library is installed: Debian ships libtracecmd as a shared
# library only, so no program could link libdmabuf-audit.a statically.
install: all
	$(Q)$(install_dirs)
	$(INSTALL) -m 755 $(CLI) $(DESTDIR)$(bindir)/dmabuf-audit
	$(INSTALL) -m 755 $(SHLIB) $(DESTDIR)$(libdir)/
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(libdir)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(libdir)/$(LIBNAME).so
	$(INSTALL) -m 644 include/dmabuf-audit.h $(DESTDIR)$(includedir)/
	$(call gen_pc,lib/libdmabuf-audit.pc.in,$(DESTDIR)$(pkgconfigdir)/$(LIBNAME).pc)
	$(INSTALL) -m 644 $(PLUGINS) $(DESTDIR)$(plugindir)/
	$(INSTALL) -m 644 docs/dmabuf-audit.1 $(DESTDIR)$(mandir)/man1/
	$(INSTALL) -m 644 $(MAN3) $(DESTDIR)$(mandir)/man3/
	$(Q)for l in $(MAN3_LINKS); do \
		echo ".so man3/$${l#*:}.3" >$(DESTDIR)$(mandir)/man3/$${l%%:*}.3 || exit; \
	done
	$(INSTALL) -m 644 docs/report.schema.json docs/merge.schema.json $(DESTDIR)$(pkgdatadir)/
	$(INSTALL) -m 644 scripts/dmabuf-audit.bash-completion \
		$(DESTDIR)$(completiondir)/dmabuf-audit
	$(Q)$(install_ld_config)

uninstall:
	$(Q)made=$$(cat $(DESTDIR)$(DIRS_MADE) 2>/dev/null); \
	rm -f $(DESTDIR)$(bindir)/dmabuf-audit \
		$(DESTDIR)$(libdir)/$(notdir $(SHLIB)) \
		$(DESTDIR)$(libdir)/$(SONAME) $(DESTDIR)$(libdir)/$(LIBNAME).so \
		$(DESTDIR)$(libdir)/$(notdir $(STLIB)) \
		$(DESTDIR)$(includedir)/dmabuf-audit.h \
		$(DESTDIR)$(pkgconfigdir)/$(LIBNAME).pc \
		$(addprefix $(DESTDIR)$(plugindir)/,$(notdir $(PLUGINS))) \
		$(DESTDIR)$(mandir)/man1/dmabuf-audit.1 \
		$(addprefix $(DESTDIR)$(mandir)/man3/,$(notdir $(MAN3))) \
		$(foreach l,$(MAN3_LINKS),$(DESTDIR)$(mandir)/man3/$(firstword $(subst :, ,$(l))).3) \
		$(DESTDIR)$(pkgdatadir)/report.schema.json \
		$(DESTDIR)$(pkgdatadir)/merge.schema.json \
		$(DESTDIR)$(completiondir)/dmabuf-audit \
		$(DESTDIR)$(DIRS_MADE) && \
	for d in $$(printf '%s\n' $$made | sort -r -u); do \
		[ ! -d "$(DESTDIR)$$d" ] || rmdir "$(DESTDIR)$$d" 2>/dev/null || \
			echo "kept $(DESTDIR)$$d: not empty"; \
	done
	$(Q)$(uninstall_ld_config)

clean:
	rm -rf $(OUT)

.PHONY: all deps deps-test check check-unit lab demo bench install uninstall clean

# ---- sanitizers and fuzzing (tests/fuzz/README) ----
#
#   make check-sanitizers   unit tests under ASan+UBSan and under valgrind;
#                           CLI tests and fuzz regressions under ASan+UBSan
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="fuzz_archive ..."]
#                           each libFuzzer target for FUZZ_SECONDS (clang)

SAN		:= $(OUT)/asan
SAN_FLAGS	= -fsanitize=address,undefined -fno-sanitize-recover=all \
		  -fno-omit-frame-pointer
# on make's command line, and in the environment of the CLI tests' make install
SAN_MAKE	= CFLAGS='-g -O1 $(SAN_FLAGS)' LDFLAGS='$(SAN_FLAGS)'
SAN_ENV		= ASAN_OPTIONS=detect_leaks=1 \
		  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		  LSAN_OPTIONS=suppressions=$(abspath tests/fuzz/lsan.supp):print_suppressions=0
VALGRIND	= valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
		  --error-exitcode=1
FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
FUZZ_NAMES	:= $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
# the driver: replay.c runs given inputs once; make fuzz links libFuzzer
FUZZ_MAIN	?= tests/fuzz/replay.c

$(OUT)/tests/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h tests/*.h $(FUZZ_MAIN) $(STLIB)
	$(call msg,LD,$@)mkdir -p $(@D) && $(CC) $(BASE_CFLAGS) $(DEP_CFLAGS) -Ilib \
		-DDA_FORMATS_DIR='"$(abspath tests/unit/formats)"' $(LDFLAGS) \
		-o $@ $< $(FUZZ_MAIN) $(STLIB) $(DEP_LIBS)

fuzz-bins: $(FUZZ_NAMES:%=$(OUT)/tests/fuzz/%)

check-asan: deps-test
	$(Q)$(MAKE) --no-print-directory O=$(SAN) $(SAN_MAKE) all \
		$(SAN)/tests/unit/unit-tests fuzz-bins
	$(Q)$(SAN_ENV) $(SAN)/tests/unit/unit-tests --plugin-dir $(SAN)/plugins \
		--formats-dir tests/unit/formats
	$(Q)for t in $(FUZZ_NAMES); do [ ! -d tests/fuzz/regressions/$$t ] || \
		$(SAN_ENV) $(SAN)/tests/fuzz/$$t tests/fuzz/regressions/$$t || exit; done
	$(Q)$(SAN_ENV) ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
		MAKEFLAGS= $(SAN_MAKE) OUT=$(SAN) tests/cli/run

check-valgrind: deps-test
	$(Q)$(MAKE) --no-print-directory all $(UNIT)
	$(Q)$(VALGRIND) $(UNIT) --plugin-dir $(OUT)/plugins --formats-dir tests/unit/formats

check-sanitizers: check-asan check-valgrind

fuzz: deps
	$(Q)command -v $(FUZZ_CC) >/dev/null || { echo "make fuzz needs clang with" \
		"libFuzzer: apt-get install clang libclang-rt-14-dev" >&2; exit 1; }
	$(Q)$(MAKE) --no-print-directory O=$(OUT)/fuzz CC=$(FUZZ_CC) FUZZ_MAIN= \
		CFLAGS='-g -O1 -fsanitize=fuzzer-no-link $(SAN_FLAGS)' \
		LDFLAGS='-fsanitize=fuzzer $(SAN_FLAGS)' fuzz-bins
	$(Q)tests/fuzz/run --build $(OUT)/fuzz --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

.PHONY: fuzz fuzz-bins check-asan check-valgrind check-sanitizers

# Generated by -MMD -MP. An object without its .d (built before, or the
# .d lost) is built again: the empty rule makes a missing .d "changed".
DEPFILES	:= $(patsubst %.o,%.d,$(LIB_OBJS) $(LIB_PIC_OBJS) $(TOOL_OBJS) \
		   $(UNIT_OBJS) $(PLUGINS:.so=.o) $(PLUGIN_LIB_OBJS))
$(DEPFILES): ;
.SECONDARY: $(PLUGINS:.so=.o) $(PLUGIN_LIB_OBJS)
-include $(wildcard $(DEPFILES))
