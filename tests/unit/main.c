// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test runner. Hermetic: no kernel, no root, no tracefs.
 * Exit status is the number of failed tests plus failed suites (capped at
 * 255 would hide nothing useful: any non-zero means failure).
 */
#include <stdio.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "unit.h"

const char *unit_plugin_dir;
const char *unit_formats_dir;

static int (*const add_suites[])(void) = {
	add_print_suites,
	add_vm_flags_suites,
	add_plugin_suites,
	add_btf_suites,
	add_matcher_suites,
	add_events_suites,
	add_procfs_suites,
	add_snapshot_suites,
	add_report_suites,
	add_report_api_suites,
	add_report_junit_suites,
	add_opts_suites,
	add_source_suites,
	add_probe_groups_suites,
	add_v4l2_queues_suites,
	add_drm_drivers_suites,
	add_trace_reader_suites,
	add_event_filter_suites,
	add_live_read_suites,
};

int main(int argc, char **argv)
{
	unsigned int failed;
	size_t i;

	for (i = 1; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "--plugin-dir") && i + 1 < (size_t)argc) {
			unit_plugin_dir = argv[++i];
		} else if (!strcmp(argv[i], "--formats-dir") && i + 1 < (size_t)argc) {
			unit_formats_dir = argv[++i];
		} else {
			fprintf(stderr, "usage: %s [--plugin-dir DIR] [--formats-dir DIR]\n",
				argv[0]);
			return 2;
		}
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	for (i = 0; i < sizeof(add_suites) / sizeof(add_suites[0]); i++) {
		if (add_suites[i]()) {
			fprintf(stderr, "cannot register suites: %s\n", CU_get_error_msg());
			CU_cleanup_registry();
			return 1;
		}
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_tests_failed() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failed > 255 ? 255 : (int)failed;
}
