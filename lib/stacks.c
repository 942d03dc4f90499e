// SPDX-License-Identifier: LGPL-2.1
/*
 * Kernel stacks (see stacks.h): the triggers that ask the kernel for
 * them, reading a kernel_stack record, and turning addresses into lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <event-parse.h>
#include <tracefs.h>

#include "dmabuf-audit-local.h"
#include "gup-filter.h"
#include "stacks.h"

#define LINE_MAX_LEN	128
/* a "function" this far from its start is a guess between two symbols */
#define FAR_OFFSET	0x10000

const char *da_stack_trigger_text(const char *system, const char *event,
				  const char *filter, char *buf, size_t size)
{
	int role = da_role_of(system, event), n;

	if (role < 0 || !(DA_STACK_ROLES & (1u << role)))
		return NULL;
	if (filter && *filter)
		n = snprintf(buf, size, "stacktrace if %s", filter);
	else
		n = snprintf(buf, size, "stacktrace");
	return n < 0 || (size_t)n >= size ? NULL : buf;
}

int da_stack_trigger_set(struct tracefs_instance *inst, const char *system,
			 const char *event, const char *filter)
{
	char buf[DA_STACK_TRIGGER_MAX], *why;
	const char *cmd = da_stack_trigger_text(system, event, filter, buf, sizeof(buf));

	if (!cmd)
		return -EINVAL;
	if (tracefs_event_file_write(inst, system, event, "trigger", cmd) >= 0)
		return 0;
	if (errno == EEXIST) {
		/*
		 * A new filter for an event that has its trigger: the kernel
		 * keeps one stacktrace trigger an event, so replace it (hits
		 * in between go without a stack, and their findings say so).
		 */
		da_stack_trigger_clear(inst, system, event);
		if (tracefs_event_file_write(inst, system, event, "trigger", cmd) >= 0)
			return 0;
	}
	why = tracefs_error_last(inst);
	da_debug("trigger '%s' on %s:%s refused: %s\n", cmd, system, event,
		 why && *why ? why : strerror(errno));
	free(why);
	return errno ? -errno : -EINVAL;
}

void da_stack_trigger_clear(struct tracefs_instance *inst, const char *system,
			    const char *event)
{
	tracefs_event_file_write(inst, system, event, "trigger", "!stacktrace");
}

unsigned int da_stack_triggers_place(struct tracefs_instance *inst,
				     const struct da_plan *plan, struct da_gup_filter *g,
				     unsigned int *refused, char *names, size_t size)
{
	unsigned int set = 0;
	int i, role, err;

	for (i = 0; i < plan->nr_events; i++) {
		const char *sys = plan->events[i].system, *ev = plan->events[i].name;
		size_t n = strlen(names);

		role = da_role_of(sys, ev);
		if (role < 0 || !(DA_STACK_ROLES & (1u << role)))
			continue;
		err = g ? da_gup_filter_stack_on(g, role) : -ENOENT;
		if (err == -ENOENT)
			err = da_stack_trigger_set(inst, sys, ev, da_event_filter(ev));
		if (!err) {
			set |= 1u << role;
			continue;
		}
		*refused |= 1u << role;
		if (n < size)
			snprintf(names + n, size - n, "%s%s", n ? ", " : "", ev);
	}
	return set;
}

void da_stack_triggers_clear(struct tracefs_instance *inst, const struct da_plan *plan,
			     unsigned int roles)
{
	int i, role;

	for (i = 0; roles && i < plan->nr_events; i++) {
		role = da_role_of(plan->events[i].system, plan->events[i].name);
		if (role >= 0 && (roles & (1u << role)))
			da_stack_trigger_clear(inst, plan->events[i].system,
					       plan->events[i].name);
	}
}

static const char *const nostack_words[DA_NOSTACK_NR] = {
	[DA_NOSTACK_NO_TRACE] = "this source traces no kernel calls",
	[DA_NOSTACK_NOT_ASKED] = "the session was opened without kernel stacks",
	[DA_NOSTACK_REFUSED] = "the kernel refused the stacktrace trigger on its event",
	[DA_NOSTACK_MISSING] = "no kernel_stack record followed its event "
			       "(lost with the ring buffer's dropped events?)",
	[DA_NOSTACK_NOT_RECORDED] = "the trace holds no kernel stacks "
				    "(recorded without stacktrace triggers)",
};

const char *da_nostack_str(enum da_nostack why)
{
	return why > DA_NOSTACK_NONE && why < DA_NOSTACK_NR ? nostack_words[why] : NULL;
}

static int load_kallsyms(struct tep_handle *tep)
{
	size_t cap = 0, len = 0, n;
	char *all = NULL, buf[65536];
	FILE *f = fopen("/proc/kallsyms", "re");

	if (!f)
		return -errno;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (da_grow((void **)&all, &cap, len + n + 1, 1)) {
			free(all);
			fclose(f);
			return -ENOMEM;
		}
		memcpy(all + len, buf, n);
		len += n;
	}
	fclose(f);
	if (!all)
		return -ENOENT;
	all[len] = '\0';
	n = tep_parse_kallsyms(tep, all);
	free(all);
	return n ? -EINVAL : 0;
}

void da_stack_symbol(uint64_t ip, char *buf, size_t size, void *data)
{
	struct da_symbols *s = data;
	unsigned long long start;
	const char *fn = NULL;

	if (s && s->load_proc) {
		s->load_proc = 0;
		if (load_kallsyms(s->tep))
			da_debug("cannot read /proc/kallsyms: stacks show addresses\n");
	}
	if (s && s->tep)
		fn = tep_find_function(s->tep, ip);
	if (fn) {
		start = tep_find_function_address(s->tep, ip);
		if (ip - start < FAR_OFFSET) {
			snprintf(buf, size, "%s+0x%llx", fn, (unsigned long long)(ip - start));
			return;
		}
	}
	snprintf(buf, size, "0x%llx", (unsigned long long)ip);
}

/*
 * The tracing machinery's own frames, above the probed function: seen in
 * the lab on amd64 6.1, 6.12, 7.2 (ftrace-based kprobes, the tracepoint)
 * and arm64 6.1, 6.12 (kprobes by a breakpoint).
 */
static bool tracing_frame(const char *line)
{
	static const char *const prefixes[] = {
		"0x", "kprobe_", "aggr_", "pre_handler", "opt_pre_handler",
		"optimized_callback", "trace_", "__trace_", "perf_trace_",
		"event_trigger", "stacktrace", "ftrace_", "__ftrace", "arch_ftrace", "fprobe",
		"rethook", "arch_rethook", "kretprobe", "__kretprobe",
		/* a breakpoint kprobe (arm64 6.1; x86 int3): the trap's path */
		"call_break_hook", "brk_handler", "do_debug_exception", "el1_dbg",
		"do_el1_brk64", "el1_brk64", "el1h_64_sync", "kprobe_breakpoint_handler",
		"do_int3", "exc_int3", "asm_exc_int3",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(line, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

int da_stack_lines(const struct da_stack *st, da_sym_fn sym, void *data,
		   char ***lines)
{
	char tmp[DA_STACK_MAX][LINE_MAX_LEN], **out, *p;
	size_t len = 0;
	int i, first = 0, n = 0;

	*lines = NULL;
	for (i = 0; i < st->nr && i < DA_STACK_MAX; i++) {
		sym(st->ip[i], tmp[i], sizeof(tmp[i]), data);
		if (first == i && tracing_frame(tmp[i]) && i + 1 < st->nr)
			first = i + 1;
	}
	for (i = first; i < st->nr && i < DA_STACK_MAX; i++, n++)
		len += strlen(tmp[i]) + 1;
	out = malloc((n + 1) * sizeof(*out) + len);
	if (!out)
		return -ENOMEM;
	p = (char *)(out + n + 1);
	for (i = 0; i < n; i++) {
		out[i] = p;
		p = stpcpy(p, tmp[first + i]) + 1;
	}
	out[n] = NULL;
	*lines = out;
	return n;
}

static uint64_t read_word(const unsigned char *p, int long_size, int swap)
{
	bool little = (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) != !!swap;
	uint64_t v = 0;
	int i;

	/* most significant byte first */
	for (i = 0; i < long_size; i++)
		v = v << 8 | p[little ? long_size - 1 - i : i];
	return v;
}

void da_stack_from_record(struct da_stack *st, long nr, const void *words,
			  size_t avail, int long_size, int swap)
{
	uint64_t end = long_size == 4 ? 0xffffffffull : UINT64_MAX;
	long i, max = long_size > 0 ? (long)(avail / long_size) : 0;

	st->nr = 0;
	if (nr < 0 || nr > max)
		nr = max;
	for (i = 0; i < nr && st->nr < DA_STACK_MAX; i++) {
		uint64_t ip = read_word((const unsigned char *)words + i * long_size,
					long_size, swap);

		if (!ip || ip == end)
			break;
		st->ip[st->nr++] = ip;
	}
}
