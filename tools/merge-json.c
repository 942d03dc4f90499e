// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit merge --format json, described by docs/merge.schema.json:
 * the columns (one per report), the rows (one per exporter) with one cell
 * per column, null where the exporter was not seen, and the files left out.
 */
#include <json.h>

#include "dmabuf-audit.h"
#include "merge.h"

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static json_object *str(const char *s)
{
	return json_object_new_string(s);
}

static json_object *strings(char **s, size_t n)
{
	json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(arr, str(s[i]));
	return arr;
}

static json_object *column(const struct merge_report *c)
{
	json_object *o = json_object_new_object();

	add(o, "file", str(c->file));
	add(o, "label", str(c->label));
	if (c->host)
		add(o, "host", str(c->host));
	add(o, "kernel", str(c->kernel));
	add(o, "arch", str(merge_col_arch(c)));
	add(o, "source", str(c->source));
	add(o, "version", str(c->version));
	add(o, "complete", json_object_new_boolean(c->complete));
	add(o, "status", json_object_new_int(c->status));
	add(o, "verdict", str(merge_verdict_name(c->worst)));
	add(o, "incomplete_reasons", strings(c->reasons, c->nr_reasons));
	return o;
}

static json_object *cell(const struct merge_cell *c)
{
	json_object *o;

	if (!c->seen)
		return NULL;
	o = json_object_new_object();
	add(o, "verdict", str(merge_verdict_name(c->verdict)));
	add(o, "mmaps", json_object_new_uint64(c->mmaps));
	add(o, "mmaps_pfnmap", json_object_new_uint64(c->pfnmap));
	add(o, "mmaps_flags_unknown", json_object_new_uint64(c->flags_unknown));
	if (c->gup) {
		add(o, "gup_attempts", json_object_new_uint64(c->gup_attempts));
		add(o, "gup_succeeded", json_object_new_uint64(c->gup_succeeded));
	}
	return o;
}

static json_object *row(const struct merge *m, const struct merge_row *r)
{
	json_object *o = json_object_new_object(), *cells = json_object_new_array();
	size_t i;

	add(o, "exporter", str(r->name));
	if (r->driver)
		add(o, "driver", str(r->driver));
	add(o, "verdict", str(merge_verdict_name(r->worst)));
	for (i = 0; i < m->nr_cols; i++)
		json_object_array_add(cells, cell(&r->cells[i]));
	add(o, "cells", cells);
	return o;
}

static json_object *left_out(const struct merge *m)
{
	json_object *arr = json_object_new_array(), *o;
	size_t i;

	for (i = 0; i < m->nr_skips; i++) {
		o = json_object_new_object();
		add(o, "file", str(m->skips[i].file));
		add(o, "reason", str(m->skips[i].why));
		add(o, "kind", str(m->skips[i].kind));
		if (m->skips[i].kept)
			add(o, "kept", str(m->skips[i].kept));
		json_object_array_add(arr, o);
	}
	return arr;
}

int merge_write_json(const struct merge *m, FILE *f)
{
	json_object *o = json_object_new_object(), *cols = json_object_new_array();
	json_object *rows = json_object_new_array();
	size_t i;

	add(o, "tool", str("dmabuf-audit"));
	add(o, "version", str(dmabuf_audit_version()));
	add(o, "status", json_object_new_int(merge_status(m)));
	for (i = 0; i < m->nr_cols; i++)
		json_object_array_add(cols, column(&m->cols[i]));
	add(o, "columns", cols);
	for (i = 0; i < m->nr_rows; i++)
		json_object_array_add(rows, row(m, &m->rows[i]));
	add(o, "rows", rows);
	add(o, "left_out", left_out(m));
	add(o, "versions", strings(m->versions, m->nr_versions));
	fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
					     JSON_C_TO_STRING_NOSLASHESCAPE), f);
	fputc('\n', f);
	json_object_put(o);
	return ferror(f) ? -1 : 0;
}
