// SPDX-License-Identifier: LGPL-2.1
/*
 * Placing and removing our dynamic events. See probes.h for the idea: each
 * thing we must see has candidate definitions, best first; the kernel's
 * README says which kinds it offers, and the kernel itself has the last
 * word when it accepts or refuses a definition.
 *
 * Functions and their arguments, on every kernel we know (6.1 to 7.x):
 *   dma_buf_mmap_internal(struct file *, struct vm_area_struct *)
 *   dma_buf_mmap(struct dma_buf *, struct vm_area_struct *, unsigned long)
 *   perf_event_mmap(struct vm_area_struct *)    after the exporter's mmap
 *   gup_fast_fallback / internal_get_user_pages_fast(start, nr_pages, ...)
 *   __get_user_pages(struct mm_struct *, start, nr_pages, ...)
 *   vm_area_free(struct vm_area_struct *), exit_mmap(struct mm_struct *)
 *   wake_up_new_task(struct task_struct *)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <tracefs.h>

#include "dmabuf-audit-local.h"
#include "probes.h"

enum needs {
	N_KPROBE = 1 << 0,
	N_FPROBE = 1 << 1,
	N_RET_ARGS = 1 << 2,
	N_BTF_ARGS = 1 << 3,
	N_BTF = 1 << 4,		/* offsets from /sys/kernel/btf/vmlinux */
	N_TP_MMAP = 1 << 5,
	N_TP_FWD = 1 << 6,
	N_VMA_FINAL = 1 << 7,	/* only when the returns carry no VMA */
	F_NO_VMA = 1 << 8,	/* not a need: this return carries ret only */
	N_DRM_BTF = 1 << 9,	/* drm's types: in vmlinux, or /sys/kernel/btf/drm */
};

/*
 * One event to place: "p:%E sym args" (%E: our group/event of @role), or
 * "tp:%T" (the static tracepoint that serves @role).
 */
struct def {
	enum da_role role;
	const char *tmpl;
};

struct candidate {
	unsigned int needs;
	const char *how;
	struct def defs[3];	/* all must be accepted */
};

/*
 * A spec the audit can run without: when no candidate is placed, the
 * session goes on and its report is incomplete, naming the missing events
 * (the decoder finds them missing).
 */
#define S_OPTIONAL	(1u << 16)

struct spec {
	const char *what;	/* for messages */
	unsigned int only_if;	/* N_VMA_FINAL: placed only when needed; S_OPTIONAL */
	struct candidate cand[4];
};

/*
 * The fields of each definition are exactly its role's (schema.c):
 * tests/unit/test-events.c checks every one.
 */
#define TP(role)	{ role, "tp:%T" }
#define COMM " comm=$comm"
#define RET "ret=$retval:s32"
#define VMA_BTF(v) "vma=" v ":x64 mm=" v "->vm_mm:x64 start=" v "->vm_start:x64 " \
	"end=" v "->vm_end:x64 flags=" v "->vm_flags:x64"
#define VMA_OFF(a) "vma=" a ":x64 mm=+{vm_area_struct.vm_mm}(" a "):x64 " \
	"start=+{vm_area_struct.vm_start}(" a "):x64 end=+{vm_area_struct.vm_end}(" a "):x64 " \
	"flags=+{vm_area_struct.vm_flags}(" a "):x64"
#define VMA_MOVE_OFF(a) "vma=" a ":x64 mm=+{vm_area_struct.vm_mm}(" a "):x64 " \
	"start=+{vm_area_struct.vm_start}(" a "):x64 " \
	"pgoff=+{vm_area_struct.vm_pgoff}(" a "):u64 file=+{vm_area_struct.vm_file}(" a "):x64"
/* a char * member: load the pointer, then the string at +0 of it */
#define DMABUF_ID(d) "exp_name=+0(+{dma_buf.exp_name}(" d ")):string " \
	"size=+{dma_buf.size}(" d "):u64"
/*
 * The driver of a GEM export (exp_name "drm"): drm_gem_prime_export() makes
 * the dma_buf's priv its drm_gem_object (6.1 to 7.x), whose device names its
 * driver, the name DRM_IOCTL_VERSION gives. Another exporter's priv is
 * something else: the kernel reads it without faulting (a fault leaves the
 * string empty) and the matcher ignores what it read.
 */
#define GEM_DRIVER(d) " driver=+0(+{drm_driver.name}(+{drm_device.driver}(" \
	"+{drm_gem_object.dev}(+{dma_buf.priv}(" d "))))):string"
/* The VMA after the exporter's mmap @fn returned: from BTF, or perf_event_mmap. */
#define MMAP_RET(role, fn) { \
	{ N_FPROBE | N_RET_ARGS | N_BTF_ARGS, "fprobe-btf", { \
	  { role, "f:%E " fn "%return " RET " " VMA_BTF("vma") COMM } } }, \
	{ N_KPROBE | N_RET_ARGS | N_BTF, "kretprobe-btf", { \
	  { role, "r:%E " fn " " RET " " VMA_OFF("$arg2") COMM } } }, \
	{ N_KPROBE | F_NO_VMA, "kretprobe+perf_event_mmap", { \
	  { role, "r:%E " fn " " RET COMM } } }, \
}
#define MMAP_ID_KPROBE "p:%E dma_buf_mmap_internal vma=$arg2:x64 " \
	DMABUF_ID("+{file.private_data}($arg1)") \
	" ino=+{inode.i_ino}(+{file.f_inode}($arg1)):u64"
#define MMAP_FWD_KPROBE "p:%E dma_buf_mmap vma=$arg2:x64 " DMABUF_ID("$arg1") \
	" ino=+{inode.i_ino}(+{file.f_inode}(+{dma_buf.file}($arg1))):u64"
#define GUP_FAST(fn) { N_KPROBE, "kprobe", { \
	{ DA_ROLE_GUP_FAST, "p:%E " fn " start=$arg1:x64 nr=$arg2:u64" COMM }, \
	{ DA_ROLE_GUP_FAST_RET, "r:%E " fn " " RET } } }

static const struct spec specs[] = {
	/* the tracepoints carry no driver: a probe that reads it goes first */
	{ "the dma-buf of an mmap (dma_buf_mmap_internal)", 0, {
		{ N_KPROBE | N_BTF | N_DRM_BTF, "kprobe-btf", { { DA_ROLE_MMAP_ID,
		  MMAP_ID_KPROBE GEM_DRIVER("+{file.private_data}($arg1)") } } },
		{ N_TP_MMAP, "tracepoint", { TP(DA_ROLE_MMAP_ID) } },
		{ N_KPROBE | N_BTF, "kprobe-btf", { { DA_ROLE_MMAP_ID, MMAP_ID_KPROBE } } },
	} },
	{ "the dma-buf of a forwarded mmap (dma_buf_mmap)", 0, {
		{ N_KPROBE | N_BTF | N_DRM_BTF, "kprobe-btf", { { DA_ROLE_MMAP_FWD_ID,
		  MMAP_FWD_KPROBE GEM_DRIVER("$arg1") } } },
		{ N_TP_FWD, "tracepoint", { TP(DA_ROLE_MMAP_FWD_ID) } },
		{ N_KPROBE | N_BTF, "kprobe-btf", { { DA_ROLE_MMAP_FWD_ID, MMAP_FWD_KPROBE } } },
	} },
	{ "the VMA after the exporter's mmap (dma_buf_mmap_internal return)", 0,
	  MMAP_RET(DA_ROLE_MMAP_RET, "dma_buf_mmap_internal") },
	{ "the VMA after a forwarded mmap (dma_buf_mmap return)", 0,
	  MMAP_RET(DA_ROLE_MMAP_FWD_RET, "dma_buf_mmap") },
	{ "final vm_flags of new mappings (perf_event_mmap)", N_VMA_FINAL, {
		{ N_KPROBE | N_BTF, "kprobe-btf", { { DA_ROLE_VMA_FINAL,
		  "p:%E perf_event_mmap " VMA_OFF("$arg1")
		  " file=+{vm_area_struct.vm_file}($arg1):x64" COMM } } },
	} },
	{ "fast GUP (gup_fast_fallback or internal_get_user_pages_fast)", 0, {
		GUP_FAST("gup_fast_fallback"),
		GUP_FAST("internal_get_user_pages_fast"),
	} },
	{ "slow GUP (__get_user_pages)", 0, {
		/* its mm on the return too: live's GUP filter can drop it */
		{ N_KPROBE | N_RET_ARGS, "kprobe", {
		  { DA_ROLE_GUP_SLOW, "p:%E __get_user_pages mm=$arg1:x64 start=$arg2:x64 "
		    "nr=$arg3:u64" COMM },
		  { DA_ROLE_GUP_SLOW_RET, "r:%E __get_user_pages " RET " mm=$arg1:x64" } } },
		{ N_KPROBE, "kprobe", {
		  { DA_ROLE_GUP_SLOW, "p:%E __get_user_pages mm=$arg1:x64 start=$arg2:x64 "
		    "nr=$arg3:u64" COMM },
		  { DA_ROLE_GUP_SLOW_RET, "r:%E __get_user_pages " RET } } },
	} },
	/*
	 * mremap moves a VMA with copy_vma(&vma, new_addr, len, new_pgoff, ...):
	 * the old place is vma's vm_start plus (new_pgoff - vm_pgoff) pages.
	 */
	{ "mremap moves (copy_vma)", S_OPTIONAL, {
		{ N_KPROBE | N_BTF, "kprobe-btf", {
		  { DA_ROLE_VMA_MOVE, "p:%E copy_vma " VMA_MOVE_OFF("+0($arg1)")
		    " new_start=$arg2:x64 len=$arg3:u64 new_pgoff=$arg4:u64" },
		  { DA_ROLE_VMA_MOVE_RET, "r:%E copy_vma ret=$retval:x64" } } },
	} },
	{ "unmapping (vm_area_free)", 0, {
		{ N_FPROBE | N_BTF_ARGS, "fprobe-btf", { { DA_ROLE_VMA_FREE,
		  "f:%E vm_area_free " VMA_BTF("vma") " file=vma->vm_file:x64" } } },
		{ N_KPROBE | N_BTF, "kprobe-btf", { { DA_ROLE_VMA_FREE,
		  "p:%E vm_area_free " VMA_OFF("$arg1")
		  " file=+{vm_area_struct.vm_file}($arg1):x64" } } },
	} },
	{ "address space teardown (exit_mmap)", 0, {
		{ N_KPROBE, "kprobe", { { DA_ROLE_MM_EXIT, "p:%E exit_mmap mm=$arg1:x64" } } },
	} },
	{ "new tasks and their mm (wake_up_new_task)", 0, {
		{ N_FPROBE | N_BTF_ARGS, "fprobe-btf", { { DA_ROLE_TASK_NEW,
		  "f:%E wake_up_new_task pid=p->pid:s32 tgid=p->tgid:s32 "
		  "mm=p->mm:x64 parent_mm=p->real_parent->mm:x64" } } },
		{ N_KPROBE | N_BTF, "kprobe-btf", { { DA_ROLE_TASK_NEW,
		  "p:%E wake_up_new_task pid=+{task_struct.pid}($arg1):s32 "
		  "tgid=+{task_struct.tgid}($arg1):s32 mm=+{task_struct.mm}($arg1):x64 "
		  "parent_mm=+{task_struct.mm}(+{task_struct.real_parent}($arg1)):x64" } } },
	} },
	{ "exec and exit (sched tracepoints)", 0, {
		{ 0, "tracepoint", { TP(DA_ROLE_TASK_EXEC), TP(DA_ROLE_TASK_EXIT) } },
	} },
};

int da_probes_for_each_def(da_def_fn fn, void *data)
{
	const struct candidate *c;
	const struct def *d;
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(specs); i++) {
		for (c = specs[i].cand; c < specs[i].cand + 4 && c->how; c++) {
			for (d = c->defs; d < c->defs + 3 && d->tmpl; d++) {
				err = fn(d->role, d->tmpl, c->needs & F_NO_VMA, data);
				if (err)
					return err;
			}
		}
	}
	return 0;
}

static bool readme_has(const char *readme, const char *text)
{
	return readme && strstr(readme, text);
}

/* A tracepoint serves @role only with the fields we read (schema.c). */
static bool tp_has_fields(enum da_role role)
{
	const struct da_role_schema *s = da_schema_role(role);
	char *fmt = tracefs_event_file_read(NULL, s->tp_system, s->tp_event, "format", NULL);
	char want[32];
	bool ok = fmt;
	int f;

	for (f = 0; ok && f < DA_F_COUNT; f++) {
		if (!(s->tp_fields & DA_FB(f)))
			continue;
		snprintf(want, sizeof(want), " %s;", da_field_name(f));
		ok = strstr(fmt, want);
	}
	free(fmt);
	return ok;
}

int da_features_detect(struct da_features *f)
{
	char *readme;

	memset(f, 0, sizeof(*f));
	readme = tracefs_instance_file_read(NULL, "README", NULL);
	f->kprobes = tracefs_file_exists(NULL, "kprobe_events");
	f->fprobes = readme_has(readme, "f[:[<group>/][<event>]] <func-name>");
	f->ret_args = readme_has(readme, "return probes support: $retval, $arg<N>");
	f->btf_args = readme_has(readme, "<argname>[->field");
	f->dma_buf_mmap_tp = tp_has_fields(DA_ROLE_MMAP_ID);
	f->dma_buf_fwd_tp = tp_has_fields(DA_ROLE_MMAP_FWD_ID);
	f->btf = access("/sys/kernel/btf/vmlinux", R_OK) == 0;
	free(readme);
	da_debug("features: kprobes=%d fprobes=%d ret_args=%d btf_args=%d "
		 "dma_buf tracepoints=%d/%d btf=%d\n", f->kprobes, f->fprobes,
		 f->ret_args, f->btf_args, f->dma_buf_mmap_tp, f->dma_buf_fwd_tp,
		 f->btf);
	return 0;
}

static unsigned int features_mask(const struct da_features *f)
{
	return (f->kprobes ? N_KPROBE : 0) | (f->fprobes ? N_FPROBE : 0) |
	       (f->ret_args ? N_RET_ARGS : 0) | (f->btf_args ? N_BTF_ARGS : 0) |
	       (f->btf ? N_BTF : 0) | (f->dma_buf_mmap_tp ? N_TP_MMAP : 0) |
	       (f->dma_buf_fwd_tp ? N_TP_FWD : 0);
}

/* "%E": our event of @role in @group; "%T": the role's tracepoint. */
static int placeholder(char c, enum da_role role, const char *group,
		       char *out, size_t size)
{
	const struct da_role_schema *s = da_schema_role(role);

	if (c == 'E')
		return snprintf(out, size, "%s/%s", group, s->event);
	if (c == 'T' && s->tp_system)
		return snprintf(out, size, "%s/%s", s->tp_system, s->tp_event);
	return -EINVAL;
}

/*
 * Expand the placeholders and "{struct.member}" to the member's offset
 * from BTF. Returns 0 or a negative error.
 */
static int expand(const struct def *def, const char *group, struct btf *btf,
		  char *out, size_t size)
{
	size_t len = 0;
	const char *p;

	for (p = def->tmpl; *p && len < size; p++) {
		char type[64], *dot, *end;
		struct da_field fld;
		int err;

		if (p[0] == '%' && (p[1] == 'E' || p[1] == 'T')) {
			err = placeholder(*++p, def->role, group, out + len, size - len);
			if (err < 0)
				return err;
			len += err;
			continue;
		}
		if (*p != '{') {
			out[len++] = *p;
			continue;
		}
		end = strchr(p, '}');
		if (!end || (size_t)(end - p) >= sizeof(type) || !btf)
			return -DMABUF_AUDIT_ERR_NO_BTF;
		snprintf(type, sizeof(type), "%.*s", (int)(end - p - 1), p + 1);
		dot = strchr(type, '.');
		if (!dot)
			return -EINVAL;
		*dot = '\0';
		err = da_btf_field(btf, type, dot + 1, &fld);
		if (err)
			return err;
		len += snprintf(out + len, size - len, "%d", fld.offset);
		p = end;
	}
	if (len >= size)
		return -ENAMETOOLONG;
	out[len] = '\0';
	return 0;
}

/* "p:grp/ev sym args" -> "-:grp/ev" */
static void remove_def(const char *def)
{
	char cmd[DA_GROUP_MAX + 64];
	const char *name = strchr(def, ':');
	size_t n;

	if (!name)
		return;
	name++;
	n = strcspn(name, " ");
	snprintf(cmd, sizeof(cmd), "-:%.*s", (int)n, name);
	tracefs_instance_file_append(NULL, "dynamic_events", cmd);
}

static int place_def(const char *def)
{
	if (!strncmp(def, "tp:", 3))
		return 0;	/* static: present, checked by the features */
	if (tracefs_instance_file_append(NULL, "dynamic_events", def) < 0)
		return -errno ? -errno : -EINVAL;
	da_debug("placed: %s\n", def);
	return 0;
}

static void note_event(struct da_plan *plan, const char *def, const char *how)
{
	char sys[DA_GROUP_MAX], name[32];
	const char *p = strchr(def, ':') + 1;
	int role, n;

	/* "tp:sys/event" or "p:grp/event sym ..." (r10:, f: alike) */
	if (sscanf(p, "%63[^/]/%31[^ ]%n", sys, name, &n) != 2)
		return;
	role = da_role_of(sys, name);
	if (role >= 0) {
		plan->how[role] = how;
		plan->placed[role] = true;
	}
	if (plan->nr_events < (int)ARRAY_SIZE(plan->events)) {
		snprintf(plan->events[plan->nr_events].system, DA_GROUP_MAX, "%s", sys);
		snprintf(plan->events[plan->nr_events].name, 32, "%s", name);
		plan->nr_events++;
	}
}

/*
 * Place every definition of one candidate, or none of them; with !@place,
 * only see that they expand (a dry run: the kernel is not asked).
 */
static int place_candidate(struct da_plan *plan, const struct candidate *c,
			   struct btf *btf, bool place)
{
	char defs[3][512];
	int i, n, err = 0;

	for (n = 0; n < 3 && c->defs[n].tmpl; n++) {
		err = expand(&c->defs[n], plan->group, btf, defs[n], sizeof(defs[n]));
		if (err)
			return err;
	}
	for (i = 0; place && i < n; i++) {
		err = place_def(defs[i]);
		if (err)
			break;
	}
	if (err) {
		while (i-- > 0)
			remove_def(defs[i]);
		return err;
	}
	for (i = 0; i < n; i++) {
		note_event(plan, defs[i], c->how);
		if (c->defs[i].role == DA_ROLE_GUP_SLOW_RET && (c->needs & N_RET_ARGS))
			plan->gup_ret_mm = true;
	}
	if (c->needs & F_NO_VMA)
		plan->needs_vma_final = true;
	return 0;
}

static int place_spec(struct da_plan *plan, const struct spec *s,
		      unsigned int have, struct btf *btf, struct btf *drm, bool place)
{
	const struct candidate *c;
	char *kerr = NULL;
	int err = -DMABUF_AUDIT_ERR_NO_PROBES;

	for (c = s->cand; c < s->cand + ARRAY_SIZE(s->cand) && c->how; c++) {
		unsigned int lack = c->needs & ~F_NO_VMA & ~have;

		if (lack == N_BTF && err == -DMABUF_AUDIT_ERR_NO_PROBES)
			err = -DMABUF_AUDIT_ERR_NO_BTF;	/* only BTF was missing */
		if (lack)
			continue;
		err = place_candidate(plan, c, c->needs & N_DRM_BTF ? drm : btf, place);
		if (!err)
			return 0;
		free(kerr);
		kerr = place ? tracefs_error_last(NULL) : NULL;	/* a dry run asks nothing */
		da_debug("candidate %s for %s refused (%d)\n", c->how, s->what, err);
	}
	if (err == -DMABUF_AUDIT_ERR_NO_PROBES)
		da_warn("this kernel offers no way to trace %s (no kprobe events?)\n", s->what);
	else if (err == -DMABUF_AUDIT_ERR_NO_BTF && !(have & N_BTF))
		da_warn("cannot trace %s on this kernel without BTF: "
			"/sys/kernel/btf/vmlinux is missing (CONFIG_DEBUG_INFO_BTF)\n", s->what);
	else if (err == -DMABUF_AUDIT_ERR_NO_BTF)
		da_warn("cannot trace %s: kernel BTF lacks a needed type\n", s->what);
	else
		da_warn("the kernel refused the probe for %s: %s\n", s->what,
			kerr && *kerr ? kerr : strerror(-err));
	free(kerr);
	return err == -DMABUF_AUDIT_ERR_NO_PROBES || err == -DMABUF_AUDIT_ERR_NO_BTF ?
		err : -DMABUF_AUDIT_ERR_PROBE_REFUSED;
}

static void describe(struct da_plan *plan)
{
	snprintf(plan->method, sizeof(plan->method),
		 "dma-buf: %s; vma: %s; gup: %s; unmap: %s",
		 plan->how[DA_ROLE_MMAP_ID], plan->how[DA_ROLE_MMAP_RET],
		 plan->how[DA_ROLE_GUP_FAST], plan->how[DA_ROLE_VMA_FREE]);
}

/* An optional spec the kernel did not take: named in the session's report. */
static void note_lacking(struct da_plan *plan, const char *what)
{
	size_t n = strlen(plan->lacking);

	snprintf(plan->lacking + n, sizeof(plan->lacking) - n, "%s%s", n ? ", " : "", what);
}

/*
 * drm's types, to read a GEM export's driver: in vmlinux when drm is built
 * in, else in drm's module BTF (split on vmlinux's), there only while drm
 * is loaded. @vmlinux itself, a new BTF to free, or NULL.
 */
static struct btf *drm_btf(struct btf *vmlinux)
{
	struct btf *mod;

	if (!vmlinux)
		return NULL;
	if (btf__find_by_name_kind(vmlinux, "drm_gem_object", BTF_KIND_STRUCT) >= 0)
		return vmlinux;
	if (access("/sys/kernel/btf/drm", R_OK))
		return NULL;
	mod = btf__load_module_btf("drm", vmlinux);
	return mod && btf__find_by_name_kind(mod, "drm_gem_object", BTF_KIND_STRUCT) >= 0 ?
		mod : (btf__free(mod), NULL);
}

/* Place every probe in @group, or (!@place) only choose them. */
static int plan_specs(struct da_plan *plan, const struct da_features *f,
		      const char *group, bool place)
{
	unsigned int have = features_mask(f);
	struct btf *btf = NULL, *drm;
	size_t i;
	int err = 0;

	memset(plan, 0, sizeof(*plan));
	snprintf(plan->group, sizeof(plan->group), "%s", group);
	if (f->btf)
		btf = btf__load_vmlinux_btf();
	if (!btf)
		have &= ~N_BTF;
	drm = drm_btf(btf);
	if (drm)
		have |= N_DRM_BTF;
	for (i = 0; i < ARRAY_SIZE(specs) && !err; i++) {
		if ((specs[i].only_if & N_VMA_FINAL) && !plan->needs_vma_final)
			continue;
		err = place_spec(plan, &specs[i], have, btf, drm, place);
		if (err && (specs[i].only_if & S_OPTIONAL)) {
			da_warn("going on without it: the report will say what it misses\n");
			note_lacking(plan, specs[i].what);
			err = 0;
		}
	}
	if (drm != btf)
		btf__free(drm);
	btf__free(btf);
	if (!err)
		describe(plan);
	return err;
}

/*
 * Place every probe in @group. On failure, whatever was placed is removed
 * again and a message says which probe and why.
 */
int da_probes_create(struct da_plan *plan, const struct da_features *f,
		     const char *group)
{
	int err = plan_specs(plan, f, group, true);

	if (err)
		da_probes_remove_group(group);
	return err;
}

/*
 * The plan da_probes_create() would place, the kernel not asked: the
 * first candidate of every role that the features offer and kernel BTF
 * can expand. The kernel may still refuse one (then live takes the next).
 */
int da_probes_plan(struct da_plan *plan, const struct da_features *f)
{
	return plan_specs(plan, f, DA_GROUP_PREFIX, false);
}

/* Anonymous VMAs are never dma-bufs: filtering them keeps the volume down. */
const char *da_event_filter(const char *event)
{
	if (!strcmp(event, da_role_event(DA_ROLE_VMA_FREE)) ||
	    !strcmp(event, da_role_event(DA_ROLE_VMA_FINAL)))
		return "file != 0";
	return NULL;
}

/* Enable what the plan placed, in @inst only. */
int da_probes_enable(const struct da_plan *plan, struct tracefs_instance *inst)
{
	int i;

	for (i = 0; i < plan->nr_events; i++) {
		const char *sys = plan->events[i].system, *ev = plan->events[i].name;

		if (da_event_filter(ev))
			tracefs_event_file_write(inst, sys, ev, "filter", da_event_filter(ev));
		if (tracefs_event_enable(inst, sys, ev) < 0) {
			da_warn("cannot enable %s:%s: %s\n", sys, ev, strerror(errno));
			return -errno;
		}
	}
	return 0;
}

/*
 * Remove every dynamic event of @group. dynamic_events lists them as
 * "p:grp/ev ...", "r10:grp/ev ...", "f:grp/ev ...".
 */
int da_probes_remove_group(const char *group)
{
	char *all = tracefs_instance_file_read(NULL, "dynamic_events", NULL);
	char *line, *save = NULL;
	size_t glen = strlen(group);
	int left = 0;

	for (line = all ? strtok_r(all, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *name = strchr(line, ':');

		if (!name || strncmp(name + 1, group, glen) || name[1 + glen] != '/')
			continue;
		remove_def(line);
		left++;
	}
	free(all);
	return left;
}

int da_check_tracing(void)
{
	const char *path = NULL;

	const char *how = da_hint(DMABUF_AUDIT_HINT_ROOT);

	if (geteuid() != 0) {
		da_warn("tracing needs root%s%s\n", how ? ": " : "", how ?: "");
		return -EPERM;
	}
	if (tracefs_tracing_dir_is_mounted(false, &path) != 1) {
		da_warn("tracefs is not mounted: mount -t tracefs nodev /sys/kernel/tracing\n");
		return -DMABUF_AUDIT_ERR_NO_TRACEFS;
	}
	return 0;
}
