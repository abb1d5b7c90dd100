# tiepcan — plain GNU Makefile (why not CMake: docs/HACKING.md).
#
#   make run     install what is missing, build, start the main job on the demo
#   make test    install what is missing, build with gcc, clang and ASan+UBSan,
#                run every test suite (normal and sanitizer builds)
#   make         build ./build/tiepcan
#   make bench   performance against references (bench/README.md)
#
# Variables: BUILD (output dir), CC, SAN=1 (ASan+UBSan), OPT (optimisation).

BUILD ?= build
CC ?= cc
OPT ?= -O2
SAN ?=

PKGS := sqlite3 libmicrohttpd jansson libsodium libutf8proc libpq xlsxwriter pangocairo
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wpointer-arith -Wundef -Wcast-qual
# Deferred (=), so pkg-config runs only after `deps` installed the packages.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lm -lpthread
SAN_ON := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_FUZZ := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_FLAGS = $(if $(filter fuzz,$(SAN)),$(SAN_FUZZ),$(if $(SAN),$(SAN_ON)))

CFLAGS_ALL = -std=c17 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(OPT) -g \
	$(WARN) $(SAN_FLAGS) -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(SAN_FLAGS) $(LDFLAGS)

LIB_SRC := $(shell find src -name '*.c' ! -path 'src/cli/*' | sort)
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded_data.o
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# Files compiled into the binary: rule sets, the schema, the unit lists and
# holidays (data/*.csv), web assets.
EMBED_FILES := $(sort $(wildcard rules/*.rules) $(wildcard src/store/*.sql) $(wildcard data/*.csv) $(shell find web -type f 2>/dev/null))

.PHONY: all deps run test builds unit-bins fuzz-bins clean fuzz soak bench check-banned check-html deb test-memcheck

all: $(BUILD)/tiepcan

deps:
	@sh scripts/install-deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	@$(CC) -std=c17 -O1 -Wall -Wextra -Werror $< -o $@

$(BUILD)/gen/embedded_data.c: $(BUILD)/tools/embed $(EMBED_FILES) Makefile
	@mkdir -p $(dir $@)
	@$(BUILD)/tools/embed $@ $(foreach f,$(EMBED_FILES),$(f)=$(f))

$(BUILD)/gen/embedded_data.o: $(BUILD)/gen/embedded_data.c
	@$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -c $< -o $@

$(BUILD)/libtiepcan.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/tiepcan: $(CLI_OBJ) $(BUILD)/libtiepcan.a
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS_ALL) $(CLI_OBJ) $(BUILD)/libtiepcan.a $(PKG_LIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtiepcan.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS_ALL) $(shell pkg-config --cflags cmocka) $< $(BUILD)/libtiepcan.a \
		$(LDFLAGS_ALL) $(PKG_LIBS) $(shell pkg-config --libs cmocka) -o $@

unit-bins: $(UNIT_BIN)

# libFuzzer targets (clang): tests/fuzz/fuzz_NAME.c, corpora in
# tests/fuzz/corpus/NAME/. Built in build-fuzz with SAN=fuzz.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_SECONDS ?= 60

$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/libtiepcan.a
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer $< $(BUILD)/libtiepcan.a \
		$(LDFLAGS_ALL) $(PKG_LIBS) -o $@

fuzz-bins: $(FUZZ_BIN)

# Long fuzzing run: every target for FUZZ_SECONDS each.
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang SAN=fuzz OPT=-O1 fuzz-bins
	@tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

# Load, slow clients and 100 crash kills (tests/soak.sh; not in make test).
soak: deps
	@$(MAKE) --no-print-directory BUILD=build all
	@sh tests/soak.sh build/tiepcan

# The end-to-end suites with every run of the binary under valgrind
# (tests/memcheck.sh explains the wrapper).
test-memcheck: deps
	@$(MAKE) --no-print-directory BUILD=build all
	@sh tests/memcheck.sh build

# The main job. At this stage: score the demo communes.
run: deps
	@$(MAKE) --no-print-directory all
	@./scripts/run-demo.sh $(BUILD)/tiepcan

# Every build the standards ask for, then every suite on the normal and the
# sanitizer build.
builds:
	@$(MAKE) --no-print-directory check-banned
	@$(MAKE) --no-print-directory check-html
	@$(MAKE) --no-print-directory BUILD=build all unit-bins
	@$(MAKE) --no-print-directory BUILD=build-clang CC=clang all unit-bins
	@$(MAKE) --no-print-directory BUILD=build-asan CC=clang SAN=1 OPT=-O1 all unit-bins

test: deps
	@$(MAKE) --no-print-directory builds
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang SAN=fuzz OPT=-O1 fuzz-bins
	@tests/run.sh build build-asan

# Debian package of the plain build: build/tiepcan_VERSION_ARCH.deb
# (scripts/make-deb.sh; installing and running it: docs/DEPLOY.md).
DEB_VERSION ?= 0.1.0
deb: deps
	@$(MAKE) --no-print-directory BUILD=build all
	@sh scripts/make-deb.sh build/tiepcan $(DEB_VERSION) build

# Benchmarks: builds build-bench (-O3), generates the national synthetic
# data and writes bench/results/latest.{md,json} (bench/README.md).
bench: deps
	@sh bench/run

# Banned C functions (curl-style): unbounded string functions and atoi.
check-banned:
	@! grep -nE '\b(sprintf|vsprintf|strcpy|strcat|strncpy|strncat|atoi|atol|atoll|gets|strtok)[[:space:]]*\(' \
		$$(find src tools tests -name '*.c' -o -name '*.h') \
		|| { echo "check-banned: banned function used (see docs/HACKING.md)"; exit 1; }

# Web code may write HTML only through html_printf's escaping conversions
# (tools/htmlcheck.c; docs/HACKING.md "Writing HTML").
$(BUILD)/tools/htmlcheck: tools/htmlcheck.c
	@mkdir -p $(dir $@)
	@$(CC) -std=c17 -O1 -Wall -Wextra -Werror $< -o $@

check-html: $(BUILD)/tools/htmlcheck
	@$(BUILD)/tools/htmlcheck $(wildcard src/web/*.c)

clean:
	rm -rf build build-clang build-asan build-*

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
