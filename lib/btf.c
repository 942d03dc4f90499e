// SPDX-License-Identifier: LGPL-2.1
/*
 * Kernel struct layouts from BTF. Offsets differ between builds (6.1's
 * vm_area_struct has vm_flags at 32, 7.x puts it in an anonymous union), so
 * every offset a probe needs is looked up here at run time, never written
 * down.
 */
#include <errno.h>
#include <string.h>
#include <bpf/btf.h>

#include "dmabuf-audit-local.h"

/* skip typedefs and const/volatile/restrict to the real type */
static const struct btf_type *resolve(const struct btf *btf, __u32 id)
{
	int real = btf__resolve_type(btf, id);

	return real < 0 ? NULL : btf__type_by_id(btf, real);
}

/*
 * Search @t for @name, descending into anonymous struct/union members,
 * adding up the byte offset on the way.
 */
static int find_member(const struct btf *btf, const struct btf_type *t,
		       const char *name, int base, struct da_field *out)
{
	const struct btf_member *m = btf_members(t);
	__u16 i, n = btf_vlen(t);

	for (i = 0; i < n; i++, m++) {
		const struct btf_type *mt = resolve(btf, m->type);
		__u32 bits = btf_member_bit_offset(t, i);
		const char *mname = btf__name_by_offset(btf, m->name_off);

		if (!mt)
			continue;
		if ((!mname || !*mname) && btf_is_composite(mt)) {
			if (!find_member(btf, mt, name, base + bits / 8, out))
				return 0;
			continue;
		}
		if (!mname || strcmp(mname, name))
			continue;
		if (btf_member_bitfield_size(t, i) || bits % 8)
			return -EINVAL;	/* a probe cannot fetch a bitfield */
		out->offset = base + bits / 8;
		out->size = (int)btf__resolve_size(btf, m->type);
		return out->size < 0 ? out->size : 0;
	}
	return -ENOENT;
}

int da_btf_field(const struct btf *btf, const char *type, const char *field,
		 struct da_field *out)
{
	const struct btf_type *t;
	__s32 id;
	int err;

	id = btf__find_by_name_kind(btf, type, BTF_KIND_STRUCT);
	if (id < 0) {
		da_warn("BTF has no struct %s\n", type);
		return -DMABUF_AUDIT_ERR_NO_BTF;
	}
	t = btf__type_by_id(btf, id);
	err = find_member(btf, t, field, 0, out);
	if (err) {
		da_warn("BTF: struct %s has no usable member %s\n", type, field);
		return -DMABUF_AUDIT_ERR_NO_BTF;
	}
	return 0;
}
