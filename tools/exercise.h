/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "exercise" subcommand: make a dma-buf with every exporter reachable on
 * this machine, map it, record what the kernel says about the mapping and
 * try get_user_pages() on it.
 */
#ifndef DMABUF_AUDIT_EXERCISE_H
#define DMABUF_AUDIT_EXERCISE_H

/**
 * cmd_exercise - run "dmabuf-audit exercise [--format text|json|markdown|ktap|tsv]
 *                [--json FILE] [--size BYTES] [--hold SECONDS]"
 * @argc: argument count, argv[0] included
 * @argv: argv[0] is "exercise", the options follow
 *
 * Prints on stdout its measurements (--format tsv: one record per line;
 * text: a table) and the common report (text, json, markdown, ktap; the
 * same verdicts as live), diagnostics on stderr; --json FILE also writes
 * the report's JSON.
 *
 * Return: the process exit code: the report's status (0 pass, 1 fail,
 * 3 incomplete), 2 on a usage or output error, 4 when no dma-buf exporter
 * could be exercised.
 */
int cmd_exercise(int argc, char **argv);

#endif /* DMABUF_AUDIT_EXERCISE_H */
