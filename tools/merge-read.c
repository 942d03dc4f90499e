// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit merge: reading the reports. Each file is parsed with json-c
 * and checked for what the matrix needs; a file that is not a report this
 * version can read is left out with one line naming it and why, and the
 * merge goes on with the rest.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <json.h>

#include "dmabuf-audit.h"
#include "cli.h"
#include "merge.h"

/* Bigger than any report a machine writes (findings of a busy snapshot). */
#define MERGE_FILE_MAX	(512u << 20)

static char *dup_str(struct merge *m, const char *s)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		m->oom = true;
	return d;
}

void merge_skip(struct merge *m, const char *file, const char *why,
		const char *kept)
{
	struct merge_skip *s;

	cli_error("%s: %s%s%s", file, why, kept ? ", kept " : "", kept ? kept : "");
	s = realloc(m->skips, (m->nr_skips + 1) * sizeof(*s));
	if (!s) {
		m->oom = true;
		return;
	}
	m->skips = s;
	s += m->nr_skips++;
	s->file = dup_str(m, file);
	s->why = dup_str(m, why);
	s->kept = dup_str(m, kept);
	s->kind = kept ? "duplicate" : "unread";
	if (kept)
		m->nr_dups++;
}

/* The whole file, NUL-terminated; NULL and errno on failure. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *n = NULL;
	size_t cap = 0, got;

	*len = 0;
	if (!f)
		return NULL;
	do {
		if (cap - *len < 65536) {
			cap = cap ? cap * 2 : 65536;
			n = cap <= MERGE_FILE_MAX ? realloc(buf, cap + 1) : NULL;
			if (!n) {
				errno = cap > MERGE_FILE_MAX ? EFBIG : ENOMEM;
				break;
			}
			buf = n;
		}
		got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
	} while (got);
	if (ferror(f) || !n) {
		free(buf);
		buf = NULL;
	} else {
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

/* Parse @buf; NULL with *@why set when it is not one JSON value. */
static json_object *parse(const char *buf, size_t len, const char **why)
{
	json_tokener *tok = json_tokener_new();
	json_object *o;
	size_t end;

	if (!tok) {
		*why = "out of memory";
		return NULL;
	}
	o = json_tokener_parse_ex(tok, buf, len);
	end = json_tokener_get_parse_end(tok);
	if (json_tokener_get_error(tok) == json_tokener_continue)
		*why = "truncated JSON: the file ends inside the report";
	else if (!o)
		*why = "not JSON";
	else if (buf[end + strspn(buf + end, " \t\r\n")])
		*why = "not one JSON value: more follows it";
	json_tokener_free(tok);
	if (o && *why) {
		json_object_put(o);
		o = NULL;
	}
	return o;
}

static const char *get_str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* A non-negative integer member; false if absent or anything else. */
static bool get_count(json_object *o, const char *key, unsigned long long *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) < 0)
		return false;
	*out = json_object_get_uint64(v);
	return true;
}

static bool get_bool(json_object *o, const char *key, bool *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_boolean))
		return false;
	*out = json_object_get_boolean(v);
	return true;
}

static bool verdict_of(const char *s, enum merge_verdict *v)
{
	static const char *const names[] = { "fail", "incomplete", "pass" };
	int i;

	for (i = 0; s && i < 3; i++)
		if (!strcmp(s, names[i])) {
			*v = i;
			return true;
		}
	return false;
}

/* One exporter of a report; false if it is not as the schema says. */
static bool read_exporter(struct merge *m, json_object *o, bool gup,
			  struct merge_exporter *e)
{
	struct merge_cell *c = &e->cell;

	if (!json_object_is_type(o, json_type_object) || !get_str(o, "name") ||
	    !get_count(o, "mmaps", &c->mmaps) || !get_count(o, "mmaps_pfnmap", &c->pfnmap) ||
	    !get_count(o, "mmaps_flags_unknown", &c->flags_unknown) ||
	    !verdict_of(get_str(o, "verdict"), &c->verdict))
		return false;
	if (gup && (!get_count(o, "gup_attempts", &c->gup_attempts) ||
		    !get_count(o, "gup_succeeded", &c->gup_succeeded)))
		return false;
	c->seen = true;
	c->gup = gup;
	e->name = dup_str(m, get_str(o, "name"));
	/* "driver" where the report has one (reports from 0.2 on) */
	e->driver = dup_str(m, get_str(o, "driver"));
	return true;
}

/*
 * The array member @key of @o and room for its @size-byte items in *@out;
 * its length, or -1 (no such array, or no memory).
 */
static ssize_t get_array(struct merge *m, json_object *o, const char *key,
			 json_object **arr, size_t size, void **out)
{
	size_t n;

	if (!json_object_object_get_ex(o, key, arr) || !json_object_is_type(*arr, json_type_array))
		return -1;
	n = json_object_array_length(*arr);
	*out = calloc(n ? n : 1, size);
	if (!*out) {
		m->oom = true;
		return -1;
	}
	return n;
}

static bool read_exporters(struct merge *m, json_object *o, struct merge_report *r)
{
	json_object *arr;
	ssize_t i, n;
	bool gup;

	if (!get_bool(o, "gup_observed", &gup))
		return false;
	n = get_array(m, o, "exporters", &arr, sizeof(*r->exp), (void **)&r->exp);
	for (i = 0; i < n; i++, r->nr_exp++)
		if (!read_exporter(m, json_object_array_get_idx(arr, i), gup, &r->exp[i]))
			return false;
	return n >= 0;
}

static bool read_reasons(struct merge *m, json_object *o, struct merge_report *r)
{
	json_object *arr, *v;
	ssize_t i, n;

	n = get_array(m, o, "incomplete_reasons", &arr, sizeof(*r->reasons),
		      (void **)&r->reasons);
	for (i = 0; i < n; i++, r->nr_reasons++) {
		v = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(v, json_type_string))
			return false;
		r->reasons[i] = dup_str(m, json_object_get_string(v));
	}
	return n >= 0;
}

/*
 * The report format only grows (new members, which this merge ignores, and
 * older reports lack the newest, which it labels): any version of the same
 * major is read, and what it lacks is found by read_head(). NULL, or why
 * not.
 */
static const char *version_known(const char *v)
{
	unsigned int a, x;

	if (!v || sscanf(v, "%u.", &a) != 1)
		return "no tool version in it";
	if (sscanf(dmabuf_audit_version(), "%u.", &x) == 1 && a != x)
		return "written by a dmabuf-audit version whose report format this one does not know";
	return NULL;
}

static void note_version(struct merge *m, const char *v)
{
	size_t i;
	char **n;

	for (i = 0; i < m->nr_versions; i++)
		if (!strcmp(m->versions[i], v))
			return;
	n = realloc(m->versions, (m->nr_versions + 1) * sizeof(*n));
	if (!n) {
		m->oom = true;
		return;
	}
	m->versions = n;
	n[m->nr_versions] = dup_str(m, v);
	if (n[m->nr_versions])
		m->nr_versions++;
}

/*
 * A merge's own JSON output, left in the directory of its reports (merge
 * -o reports/fleet.json reports/): named, but no reason to call the next
 * merge incomplete.
 */
static const char merged_matrix[] = "a merged matrix, not a report (left out)";

/* The report's own fields: NULL, or what is wrong with it. */
static const char *read_head(struct merge *m, json_object *o, struct merge_report *r)
{
	const char *tool = get_str(o, "tool");
	unsigned long long st;
	json_object *v;

	if (!json_object_is_type(o, json_type_object) || !tool || strcmp(tool, "dmabuf-audit"))
		return "not a dmabuf-audit report (no \"tool\": \"dmabuf-audit\")";
	if (json_object_object_get_ex(o, "columns", &v))
		return merged_matrix;
	if (version_known(get_str(o, "version")))
		return version_known(get_str(o, "version"));
	if (!get_str(o, "source") || !get_str(o, "kernel") || !get_bool(o, "complete", &r->complete) ||
	    !get_count(o, "status", &st) || !read_reasons(m, o, r) || !read_exporters(m, o, r))
		return "not a report as docs/report.schema.json describes it (a field is missing or of the wrong type)";
	r->status = st;
	r->version = dup_str(m, get_str(o, "version"));
	r->source = dup_str(m, get_str(o, "source"));
	r->kernel = dup_str(m, get_str(o, "kernel"));
	r->host = dup_str(m, get_str(o, "host"));
	r->arch = dup_str(m, get_str(o, "arch"));
	return NULL;
}

void merge_report_free(struct merge_report *r)
{
	char *own[] = { r->file, r->host, r->kernel, r->arch, r->source, r->version,
			r->label };
	size_t i;

	for (i = 0; i < r->nr_exp; i++) {
		free(r->exp[i].name);
		free(r->exp[i].driver);
	}
	for (i = 0; i < r->nr_reasons; i++)
		free(r->reasons[i]);
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		free(own[i]);
	free(r->exp);
	free(r->reasons);
	memset(r, 0, sizeof(*r));
}

/*
 * The column's machine: its host name, or for a report written before
 * reports carried one, "host unknown (FILE)": two such reports are never taken
 * for the same machine.
 */
static void set_label(struct merge *m, struct merge_report *r)
{
	if (r->host) {
		r->label = dup_str(m, r->host);
		return;
	}
	if (asprintf(&r->label, "host unknown (%s)", r->file) < 0) {
		r->label = NULL;
		m->oom = true;
	}
}

static void add_column(struct merge *m, struct merge_report *r)
{
	struct merge_report *n = realloc(m->cols, (m->nr_cols + 1) * sizeof(*n));

	if (!n) {
		m->oom = true;
		merge_report_free(r);
		return;
	}
	m->cols = n;
	n[m->nr_cols++] = *r;
}

static void read_one(struct merge *m, const char *path, time_t mtime)
{
	struct merge_report r = { .mtime = mtime };
	const char *why = NULL;
	json_object *o;
	size_t len;
	char *buf = slurp(path, &len);

	if (!buf) {
		merge_skip(m, path, strerror(errno), NULL);
		return;
	}
	if (memchr(buf, '\0', len))
		why = "not JSON: binary data (a NUL byte)";
	else if (!buf[strspn(buf, " \t\r\n")])
		why = "empty file";
	o = why ? NULL : parse(buf, len, &why);
	free(buf);
	if (o)
		why = read_head(m, o, &r);
	json_object_put(o);
	if (why) {
		merge_skip(m, path, why, NULL);
		if (why == merged_matrix && !m->oom) {
			m->skips[m->nr_skips - 1].kind = "matrix";
			m->nr_matrices++;
		}
		merge_report_free(&r);
		return;
	}
	r.file = dup_str(m, path);
	set_label(m, &r);
	note_version(m, r.version);
	add_column(m, &r);
}

static int json_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 && !strcmp(d->d_name + n - 5, ".json");
}

/* A directory: its *.json files in name order, not its subdirectories. */
static void read_dir(struct merge *m, const char *dir)
{
	struct dirent **ents;
	struct stat st;
	char *path;
	int i, n = scandir(dir, &ents, json_name, alphasort), found = 0;
	bool slash = *dir && dir[strlen(dir) - 1] == '/';	/* "reports/" */

	if (n < 0) {
		merge_skip(m, dir, strerror(errno), NULL);
		return;
	}
	for (i = 0; i < n; i++) {
		if (asprintf(&path, "%s%s%s", dir, slash ? "" : "/", ents[i]->d_name) < 0) {
			m->oom = true;
			path = NULL;
		} else if (stat(path, &st)) {
			merge_skip(m, path, strerror(errno), NULL);
		} else if (!S_ISREG(st.st_mode)) {
			merge_skip(m, path, "not a regular file (a directory's subdirectories are not read)", NULL);
		} else {
			found++;
			read_one(m, path, st.st_mtime);
		}
		free(path);
		free(ents[i]);
	}
	free(ents);
	if (!found)
		merge_skip(m, dir, "a directory with no *.json report in it", NULL);
}

void merge_read_paths(struct merge *m, char **paths, int nr)
{
	struct stat st;
	int i;

	for (i = 0; i < nr && !m->oom; i++) {
		if (stat(paths[i], &st))
			merge_skip(m, paths[i], strerror(errno), NULL);
		else if (S_ISDIR(st.st_mode))
			read_dir(m, paths[i]);
		else
			read_one(m, paths[i], st.st_mtime);
	}
}

const char *merge_col_kernel(const struct merge_report *c)
{
	return c->kernel && *c->kernel ? c->kernel : "-";
}

const char *merge_col_arch(const struct merge_report *c)
{
	return c->arch && *c->arch ? c->arch : "unknown";
}
