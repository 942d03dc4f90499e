// SPDX-License-Identifier: LGPL-2.1
/*
 * Filters on what a report keeps: the mappings of some processes, commands
 * or exporters (and so only their GUP, findings and counts). A filtered
 * report says which filter made it, so that it never reads as the whole.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit-local.h"
#include "report-local.h"

struct da_filter {
	int *pids;
	size_t nr_pids;
	char **comms, **exporters;
	size_t nr_comms, nr_exporters;
	char *text;		/* "pid 12, 13; comm cam" */
};

static void strs_free(char **v, size_t n)
{
	while (v && n--)
		free(v[n]);
	free(v);
}

void da_filter_free(struct da_filter *f)
{
	if (!f)
		return;
	strs_free(f->comms, f->nr_comms);
	strs_free(f->exporters, f->nr_exporters);
	free(f->pids);
	free(f->text);
	free(f);
}

static char **strs_dup(const char *const *in, size_t n)
{
	char **out = calloc(n ? n : 1, sizeof(*out));
	size_t i;

	for (i = 0; out && i < n; i++) {
		out[i] = strdup(in[i]);
		if (!out[i]) {
			strs_free(out, i);
			return NULL;
		}
	}
	return out;
}

static bool strs_valid(const char *const *s, size_t n)
{
	size_t i;

	if (n && !s)
		return false;
	for (i = 0; i < n; i++)
		if (!s[i] || !s[i][0])
			return false;
	return true;
}

/* "pid 12, 13; comm cam; exporter videobuf2_vmalloc" */
static char *describe(const struct da_filter *f)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *o = open_memstream(&buf, &len);

	if (!o)
		return NULL;
	for (i = 0; i < f->nr_pids; i++)
		fprintf(o, "%s%d", i ? ", " : "pid ", f->pids[i]);
	for (i = 0; i < f->nr_comms; i++)
		fprintf(o, "%s%s", i ? ", " : ftell(o) ? "; comm " : "comm ",
			f->comms[i]);
	for (i = 0; i < f->nr_exporters; i++)
		fprintf(o, "%s%s", i ? ", " : ftell(o) ? "; exporter " : "exporter ",
			f->exporters[i]);
	if (fclose(o)) {
		free(buf);
		return NULL;
	}
	return buf;
}

int da_filter_alloc(struct da_filter **out, const struct dmabuf_audit_filter *in)
{
	struct dmabuf_audit_filter o;
	struct da_filter *f;

	*out = NULL;
	if (!in || da_opts_get(&o, sizeof(o), in) || (o.nr_pids && !o.pids) ||
	    !strs_valid(o.comms, o.nr_comms) || !strs_valid(o.exporters, o.nr_exporters))
		return -EINVAL;
	if (!o.nr_pids && !o.nr_comms && !o.nr_exporters)
		return 0;	/* no filter: everything */
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->pids = calloc(o.nr_pids ? o.nr_pids : 1, sizeof(*f->pids));
	f->comms = strs_dup(o.comms, o.nr_comms);
	f->exporters = strs_dup(o.exporters, o.nr_exporters);
	if (f->pids && o.nr_pids)
		memcpy(f->pids, o.pids, o.nr_pids * sizeof(*f->pids));
	f->nr_pids = o.nr_pids;
	f->nr_comms = f->comms ? o.nr_comms : 0;
	f->nr_exporters = f->exporters ? o.nr_exporters : 0;
	if (!f->pids || !f->comms || !f->exporters || !(f->text = describe(f))) {
		da_filter_free(f);
		return -ENOMEM;
	}
	*out = f;
	return 0;
}

static bool str_in(const char *s, char *const *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, set[i]))
			return true;
	return !n;
}

/*
 * An exporter is asked for by its exp_name ("drm": every driver's row), its
 * row ("drm (vgem)", "drm (driver unknown)") or its driver alone ("vgem").
 */
static bool exporter_in(const struct da_filter *f, const struct da_mapping *map)
{
	return str_in(map->exp_name, f->exporters, f->nr_exporters) ||
	       str_in(map->label, f->exporters, f->nr_exporters) ||
	       (map->driver[0] && str_in(map->driver, f->exporters, f->nr_exporters));
}

bool da_filter_match(const struct da_filter *f, const struct da_mapping *map)
{
	size_t i;
	bool pid = !f->nr_pids;

	for (i = 0; i < f->nr_pids; i++)
		pid |= f->pids[i] == map->pid;
	return pid && str_in(map->comm, f->comms, f->nr_comms) && exporter_in(f, map);
}

const char *da_filter_text(const struct da_filter *f)
{
	return f ? f->text : NULL;
}

int dmabuf_audit_report_set_filter(struct dmabuf_audit_report *r,
				   const struct dmabuf_audit_filter *filter)
{
	struct da_filter *f = NULL;
	int err;

	if (!r)
		return -EINVAL;
	err = filter ? da_filter_alloc(&f, filter) : 0;
	if (err)
		return err;
	da_filter_free(r->filter);
	r->filter = f;
	da_matcher_set_filter(r->m, f);
	return 0;
}
