# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/lab/ground-truth: the exerciser's machine-readable
# ground truth, its human table, and its exit code, into /out.
dmabuf-audit exercise --format tsv >/out/exercise.tsv 2>/out/exercise.err
echo $? >/out/exercise.rc
dmabuf-audit exercise
