#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A sysroot of Debian's packages for another architecture, to cross-build
# dmabuf-audit (and to fill the lab's arm64 initramfs) without touching the
# host's dpkg: a private apt state of the host's own suite and mirror with
# APT::Architecture=ARCH, the packages and their dependencies downloaded and
# unpacked with dpkg -x. Kept in $DMABUF_AUDIT_SYSROOT_CACHE (default
# /var/cache/dmabuf-audit-sysroot)/ARCH; a second run with nothing new to
# add does nothing. Prints the sysroot's path.
#
# usage: scripts/sysroot.sh ARCH [PACKAGE...]
#   ARCH: a Debian architecture (arm64); PACKAGE: more than the build's
set -euo pipefail

arch=${1:-}
[ -n "$arch" ] || { echo "usage: $0 ARCH [PACKAGE...]" >&2; exit 2; }
shift
cache=${DMABUF_AUDIT_SYSROOT_CACHE:-/var/cache/dmabuf-audit-sysroot}/$arch
root=$cache/root
# what the build links and includes (the same list as deps.sh build)
pkgs="libtraceevent-dev libtracefs-dev libtracecmd-dev libjson-c-dev libbpf-dev
	libelf-dev zlib1g-dev libzstd-dev libdrm-dev linux-libc-dev libc6-dev $*"

die() { echo "sysroot: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || [ -w "$(dirname "$cache")" ] ||
	die "cannot write $cache: run as root, or set DMABUF_AUDIT_SYSROOT_CACHE"
command -v apt-get >/dev/null || die "needs apt-get (a Debian host)"

# The host's own suite and mirror: the sysroot's libraries then match the
# versions the host builds and tests with.
. /etc/os-release
suite=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\/\?\)$/\1/p' /etc/apt/sources.list.d/*.sources \
	2>/dev/null | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}

apt_dir=$cache/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$root"
printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
	"$mirror" "$suite" /usr/share/keyrings/debian-archive-keyring.gpg >"$apt_dir/debian.sources"
opts=(-o "Dir::Etc::sourcelist=$apt_dir/debian.sources" -o Dir::Etc::sourceparts=-
	-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
	-o "Dir::State::status=$apt_dir/status" -o "APT::Architecture=$arch"
	-o "APT::Architectures::=$arch" -o "APT::Sandbox::User=$(id -un)"
	-o Acquire::http::Timeout=30 -q)
touch "$apt_dir/status"
log=$cache/apt.log
# lists refreshed at most daily
if [ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
	apt-get "${opts[@]}" update >"$log" 2>&1 || { tail -n 5 "$log" >&2; die "apt-get update failed"; }
fi

# every package the list needs, by name: no virtual ones, no :all twice
closure=$(apt-cache "${opts[@]}" depends --recurse --no-recommends --no-suggests \
	--no-conflicts --no-breaks --no-replaces --no-enhances --no-pre-depends $pkgs 2>>"$log" |
	sed -n 's/^\([a-z0-9][a-z0-9.+-]*\)\(:[a-z0-9]*\)\?$/\1/p' | sort -u)
[ -n "$closure" ] || die "no package found for $arch in $suite (see $log)"
mkdir -p "$cache/debs"
todo=()
for p in $closure; do
	ls "$cache/debs/${p}_"*.deb >/dev/null 2>&1 || todo+=("$p")
done
if [ ${#todo[@]} -gt 0 ]; then
	(cd "$cache/debs" && apt-get "${opts[@]}" download "${todo[@]}" >>"$log" 2>&1) ||
		{ tail -n 5 "$log" >&2; die "apt-get download failed"; }
	for p in "${todo[@]}"; do
		for deb in "$cache/debs/${p}_"*.deb; do
			dpkg -x "$deb" "$root"
		done
	done
fi
echo "$root"
