# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/bench/traces: record the exerciser plus a flood of
# raw_syscalls events (not ours: what real recordings are mostly made of),
# for each size asked in /share/sizes ("EVENTS" per line), straight into the
# host's directory.
while read -r n; do
	# dd bs=1 makes two syscalls a byte, each an enter and an exit event
	bytes=$((n / 4))
	dmabuf-audit record -o /share/trace-$n.dat --buffer-kb 100000 -e raw_syscalls -- sh -c \
		"dmabuf-audit exercise --size 64k >/dev/null; dd if=/dev/zero of=/dev/null bs=1 count=$bytes 2>/dev/null" \
		2>/share/record-$n.err
done </share/sizes
