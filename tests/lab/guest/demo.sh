# SPDX-License-Identifier: GPL-2.0
# Guest side of `make demo`: audit every exporter this kernel has.
echo "kernel $(uname -r)"
dmabuf-audit exercise
echo "dmabuf-audit exit code: $?"
