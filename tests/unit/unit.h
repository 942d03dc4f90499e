/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Each test-*.c file adds its suites to the CUnit registry through one
 * add_*_suites() function, listed in main.c.
 */
#ifndef _UNIT_H
#define _UNIT_H

#include <CUnit/CUnit.h>

/* set from --plugin-dir: where the freshly built plugin lives */
extern const char *unit_plugin_dir;
/* set from --formats-dir: the captured tracefs formats (tests/unit/formats) */
extern const char *unit_formats_dir;

int add_print_suites(void);
int add_vm_flags_suites(void);
int add_plugin_suites(void);
int add_btf_suites(void);
int add_matcher_suites(void);
int add_events_suites(void);
int add_snapshot_suites(void);
int add_procfs_suites(void);
int add_report_suites(void);
int add_report_api_suites(void);
int add_report_junit_suites(void);
int add_opts_suites(void);
int add_source_suites(void);
int add_probe_groups_suites(void);
int add_v4l2_queues_suites(void);
int add_drm_drivers_suites(void);
int add_trace_reader_suites(void);
int add_event_filter_suites(void);
int add_live_read_suites(void);

#endif
