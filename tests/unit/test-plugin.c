// SPDX-License-Identifier: GPL-2.0
/*
 * The libtraceevent plugin as trace-cmd would load it: from
 * TRACEEVENT_PLUGIN_DIR, through tep_load_plugins().
 */
#include <stdlib.h>
#include <string.h>
#include <event-parse.h>

#include "unit.h"

static struct tep_handle *tep;
static struct tep_plugin_list *plugins;

static int plugin_setup(void)
{
	if (!unit_plugin_dir)
		return 0;
	setenv("TRACEEVENT_PLUGIN_DIR", unit_plugin_dir, 1);
	tep = tep_alloc();
	if (!tep)
		return -1;
	plugins = tep_load_plugins(tep);
	return 0;
}

static int plugin_teardown(void)
{
	if (tep) {
		tep_unload_plugins(plugins, tep);
		tep_free(tep);
	}
	return 0;
}

static void test_plugin_loads_with_option(void)
{
	struct trace_seq s;

	if (!unit_plugin_dir) {
		printf("SKIP: no --plugin-dir given ");
		return;
	}
	trace_seq_init(&s);
	tep_print_plugins(&s, "", "\n", plugins);
	trace_seq_terminate(&s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s.buffer, "plugin_dmabuf_audit.so"));
	trace_seq_reset(&s);
	tep_plugin_print_options(&s);
	trace_seq_terminate(&s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s.buffer, "plugin:\tdmabuf_audit\n  option:\tverdict"));
	trace_seq_destroy(&s);
}

int add_plugin_suites(void)
{
	CU_pSuite s = CU_add_suite("plugin", plugin_setup, plugin_teardown);

	if (!s || !CU_add_test(s, "loads from TRACEEVENT_PLUGIN_DIR with its option",
			       test_plugin_loads_with_option))
		return -1;
	return 0;
}
