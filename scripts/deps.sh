#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian 12 packages dmabuf-audit builds, tests and runs its lab
# with. Idempotent and quiet: prints nothing when everything is present.
# Usage: scripts/deps.sh [build|test|lab|all]   (default: all)
#        scripts/deps.sh cross TRIPLET          (a cross toolchain)
set -euo pipefail

build_pkgs="gcc make pkg-config libtraceevent-dev libtracefs-dev libtracecmd-dev
	libjson-c-dev libbpf-dev libdrm-dev linux-libc-dev zlib1g-dev libzstd-dev"
# chromium: the merge HTML page is checked in a headless browser
test_pkgs="libcunit1-dev valgrind trace-cmd jq time python3-jsonschema linux-perf
	groff-base man-db mandoc libxml2-utils python3-junitparser chromium"
# arm64 guests: qemu-system-arm, and the cross compiler for their build
lab_pkgs="qemu-system-x86 qemu-system-arm gcc-aarch64-linux-gnu dpkg-dev busybox-static
	xz-utils cpio kmod gzip"

case "${1:-all}" in
cross)	# cross TRIPLET: the toolchain (the sysroot is scripts/sysroot.sh's)
	[ -n "${2:-}" ] || { echo "usage: $0 cross TRIPLET" >&2; exit 2; }
	want="gcc-$2 make pkg-config dpkg-dev" ;;
build)	want="$build_pkgs" ;;
test)	want="$build_pkgs $test_pkgs" ;;
lab)	want="$lab_pkgs trace-cmd linux-perf" ;;
all)	want="$build_pkgs $test_pkgs $lab_pkgs" ;;
*)	echo "usage: $0 [build|test|lab|all]" >&2; exit 2 ;;
esac

missing=()
for p in $want; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}; run as root: sudo $0 ${1:-all}" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
	"${missing[@]}"; } >"$log" 2>&1; then
	tail -n 20 "$log" >&2
	echo "deps: apt-get failed; see the lines above" >&2
	exit 1
fi
