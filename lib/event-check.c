// SPDX-License-Identifier: LGPL-2.1
/*
 * What a record must be before the decoder believes it. A damaged trace.dat
 * (a flipped byte in the event formats, a renamed field, a short record)
 * still parses: libtraceevent hands us whatever fields it found. Read
 * blindly, a missing field is 0 and a field of the wrong width is garbage,
 * and either can become a mapping of 0x0-0x0 without VM_PFNMAP, a false
 * finding. So each event's fields are checked against the schema when the
 * decoder is made, each record's fields against its size, and each mapping
 * against what a kernel can give; what fails is counted as undecodable,
 * which makes the audit incomplete, and never becomes a finding.
 */
#include <string.h>
#include <event-parse.h>

#include "dmabuf-audit-local.h"
#include "events.h"
#include "schema.h"

/*
 * No user address space ends above 2^56 (x86-64 5-level paging and riscv
 * sv57 end below it, arm64 at 2^52); kernel pointers are far above.
 */
#define USER_END_MAX	(1ULL << 56)
#define MIN_PAGE	4096ULL		/* every page size is a multiple */

static const char *const whys[DA_UNDEC_NR] = {
	[DA_UNDEC_MISSING] = "missing",
	[DA_UNDEC_TYPE] = "of the wrong type",
	[DA_UNDEC_SIZE] = "of the wrong size",
	[DA_UNDEC_OVERLAP] = "overlapping another field",
	[DA_UNDEC_SHORT] = "beyond the record's end",
	[DA_UNDEC_RANGE] = "out of range",
	[DA_UNDEC_EMPTY] = "empty",
};

const char *da_undec_why_str(enum da_undec_why why)
{
	return why < DA_UNDEC_NR ? whys[why] : "damaged";
}

static bool is_string(enum da_field_id f)
{
	return f == DA_F_EXP || f == DA_F_COMM || f == DA_F_DRIVER;
}

/* A number of our probes is u64/x64, an int s32; a tracepoint's may be a long. */
static bool size_ok(struct tep_handle *tep, enum da_field_id f, int size)
{
	if (f == DA_F_RET || f == DA_F_PID || f == DA_F_TGID)
		return size == 4 || size == 8;
	return size == 8 || size == tep_get_long_size(tep);
}

static bool overlaps(const struct tep_format_field *a, const struct tep_format_field *b)
{
	return a->offset < b->offset + b->size && b->offset < a->offset + a->size;
}

unsigned int da_check_wanted(const struct tep_event *ev, enum da_role role,
			     struct tep_format_field *const *f)
{
	const struct da_role_schema *s = da_schema_role(role);
	unsigned int vma_part = s->fields & ~s->no_vma, lacks = 0;
	int i;

	if (s->tp_system && !strcmp(ev->system, s->tp_system))
		return s->tp_fields;
	/* an optional field the event lacks is not wanted; one it has is */
	for (i = 0; i < DA_F_COUNT; i++)
		if ((s->opt & DA_FB(i)) && !f[i])
			lacks |= DA_FB(i);
	if (!s->no_vma)
		return s->fields & ~lacks;
	/* a return probe without the VMA has none of its fields */
	for (i = 0; i < DA_F_COUNT; i++)
		if ((vma_part & DA_FB(i)) && f[i])
			return s->fields;
	return s->no_vma;
}

/* The first field of @want whose format is wrong, -1 if none. */
int da_check_format(struct tep_handle *tep, const struct tep_event *ev,
		    unsigned int want, struct tep_format_field *const *f,
		    enum da_undec_why *why)
{
	const struct tep_format_field *c;
	int i, j, common_end = 0;

	for (c = ev->format.common_fields; c; c = c->next)
		if (c->offset + c->size > common_end)
			common_end = c->offset + c->size;
	for (i = 0; i < DA_F_COUNT; i++) {
		unsigned long fl;

		if (!(want & DA_FB(i)))
			continue;
		*why = DA_UNDEC_MISSING;
		if (!f[i])
			return i;
		fl = f[i]->flags;
		*why = DA_UNDEC_TYPE;
		if (is_string(i) != !!(fl & (TEP_FIELD_IS_STRING | TEP_FIELD_IS_DYNAMIC)))
			return i;
		*why = DA_UNDEC_SIZE;
		if (!is_string(i) && (!size_ok(tep, i, f[i]->size) ||
				      (fl & TEP_FIELD_IS_ARRAY)))
			return i;
		if (f[i]->size <= 0 || f[i]->offset < common_end)
			return i;
		*why = DA_UNDEC_OVERLAP;
		for (j = 0; j < i; j++)
			if ((want & DA_FB(j)) && overlaps(f[i], f[j]))
				return i;
	}
	return -1;
}

/* The first field of @want that lies beyond the record, -1 if none. */
int da_check_record(unsigned int want, struct tep_format_field *const *f,
		    const struct tep_record *rec)
{
	int i;

	for (i = 0; i < DA_F_COUNT; i++)
		if ((want & DA_FB(i)) && !da_field_in_record(f[i], rec))
			return i;
	return -1;
}

bool da_field_in_record(const struct tep_format_field *fld, const struct tep_record *rec)
{
	return fld && fld->offset >= 0 && fld->size >= 0 &&
	       (long long)fld->offset + fld->size <= rec->size;
}

/* A mapping no kernel makes: the field that says so, -1 if it could be real. */
int da_check_map(const struct da_event *ev, enum da_undec_why *why)
{
	*why = DA_UNDEC_RANGE;
	if (!ev->map.mm)
		return DA_F_MM;
	if (!ev->map.vma)
		return DA_F_VMA;
	if (ev->map.start % MIN_PAGE || ev->map.start >= USER_END_MAX)
		return DA_F_START;
	if (ev->map.end % MIN_PAGE || ev->map.end <= ev->map.start ||
	    ev->map.end > USER_END_MAX)
		return DA_F_END;
	return -1;
}
