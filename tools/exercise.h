/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "exercise" subcommand: make a dma-buf with every exporter reachable on
 * this machine, map it, record what the kernel says about the mapping and
 * try get_user_pages() on it.
 */
#ifndef DMABUF_AUDIT_EXERCISE_H
#define DMABUF_AUDIT_EXERCISE_H

/**
 * cmd_exercise - run "dmabuf-audit exercise [--format text|tsv] [--size BYTES]
 *                [--hold SECONDS]"
 * @argc: argument count, argv[0] included
 * @argv: argv[0] is "exercise", the options follow
 *
 * Prints its report on stdout and diagnostics on stderr.
 *
 * Return: the process exit code: 0 when it ran, 2 on a usage error, 4 when
 * no dma-buf exporter could be exercised.
 */
int cmd_exercise(int argc, char **argv);

#endif /* DMABUF_AUDIT_EXERCISE_H */
