# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/lab/perf: perf (copied in with --with) records the
# probes `dmabuf-audit probes install` placed while the exerciser maps a
# buffer of every exporter; perf script prints them through the plugin
# (TRACEEVENT_PLUGIN_DIR, set by the lab), and once without it.
dmabuf-audit probes install >/out/install.txt 2>&1
echo "install.rc $?" >/out/perf.tsv
perf record -q -o /tmp/perf.data -e 'dmabuf_audit:*' -- \
	dmabuf-audit exercise --size 64k --format tsv >/out/exercise.tsv 2>/out/record.err
echo "record.rc $?" >>/out/perf.tsv
perf script -i /tmp/perf.data >/out/script.txt 2>/out/script.err
echo "script.rc $?" >>/out/perf.tsv
TRACEEVENT_PLUGIN_DIR=/nonexistent perf script -i /tmp/perf.data >/out/script-raw.txt 2>&1
dmabuf-audit probes remove >/out/remove.txt 2>&1
echo "remove.rc $?" >>/out/perf.tsv
true
