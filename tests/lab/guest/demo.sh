# SPDX-License-Identifier: GPL-2.0
# Guest side of `make demo`: the live audit of the built-in workload,
# which maps a buffer of every exporter this kernel has and tries GUP on it.
echo "== dmabuf-audit live -- dmabuf-audit exercise    (kernel $(uname -r))"
echo
dmabuf-audit live -- sh -c 'dmabuf-audit exercise >/tmp/exercise.txt'
echo "dmabuf-audit exit code: $? (0 pass, 1 fail, 2 error, 3 incomplete)"
echo
echo "== what the workload itself measured (smaps VmFlags, GUP results)"
cat /tmp/exercise.txt
