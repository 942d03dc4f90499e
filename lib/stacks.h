/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Kernel call chains for findings: who mapped a failing mapping, who
 * pinned its pages. The kernel writes them: a "stacktrace" trigger on an
 * event of our instance writes an ftrace kernel_stack record right after
 * each hit, on the same CPU, for the same task (seen on 6.1, 6.12 and 7.x,
 * with and without a trigger filter). The decoder (events.c) gives each
 * such record to the entry event just before it; the matcher turns the
 * addresses of the findings' stacks into "function+0xoffset" lines.
 */
#ifndef _DA_STACKS_H
#define _DA_STACKS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "schema.h"

struct tracefs_instance;
struct tep_handle;

/* The entry roles that get a stack: "who mapped" and "who pinned". */
#define DA_STACK_ROLES	((1u << DA_ROLE_MMAP_ID) | (1u << DA_ROLE_MMAP_FWD_ID) | \
			 (1u << DA_ROLE_GUP_FAST) | (1u << DA_ROLE_GUP_SLOW))

/* "stacktrace if " and a filter of up to DA_FILTER_MAX: the kernel takes under a page */
#define DA_STACK_TRIGGER_MAX	4096

/*
 * The trigger @system/@event gets ("stacktrace", or "stacktrace if
 * @filter"), in @buf; NULL when the event takes no stack (its role is not
 * one of DA_STACK_ROLES) or it does not fit.
 */
const char *da_stack_trigger_text(const char *system, const char *event,
				  const char *filter, char *buf, size_t size);

/*
 * Every stacktrace trigger of ours is written here: @system/@event of
 * @inst gets "stacktrace if @filter" (NULL: every hit). Give it the
 * event's own filter: a trigger fires even for hits that filter drops.
 * Called again with a new filter, it replaces the trigger. 0, or -errno
 * after a debug line with the kernel's reason (the caller says what it
 * misses).
 */
int da_stack_trigger_set(struct tracefs_instance *inst, const char *system,
			 const char *event, const char *filter);
/* Remove it again (removing the instance removes it too). */
void da_stack_trigger_clear(struct tracefs_instance *inst, const char *system,
			    const char *event);

struct da_plan;
struct da_gup_filter;
/*
 * A stacktrace trigger on each event of @plan in @inst that takes a stack,
 * filtered as the event is: those of GUP through @g (they follow its
 * filters; NULL: none), the others with da_event_filter(). Returns the
 * roles set; adds the refused ones to *@refused and their events' names
 * to @names (comma separated, cut to @size).
 */
unsigned int da_stack_triggers_place(struct tracefs_instance *inst,
				     const struct da_plan *plan, struct da_gup_filter *g,
				     unsigned int *refused, char *names, size_t size);
/* Remove the triggers of @roles that da_stack_triggers_place() set. */
void da_stack_triggers_clear(struct tracefs_instance *inst, const struct da_plan *plan,
			     unsigned int roles);

/* The words for why a finding has no stack (DA_NOSTACK_NONE: NULL). */
const char *da_nostack_str(enum da_nostack why);

/* One address as a line: "function+0x1f", or "0xffffffffc04f60da" unknown. */
typedef void (*da_sym_fn)(uint64_t ip, char *buf, size_t size, void *data);

/*
 * Symbols from @data, a struct da_symbols: the tep of the source, and for
 * a live source /proc/kallsyms, loaded into it on the first call only
 * (most sessions find nothing and never pay for it).
 */
struct da_symbols {
	struct tep_handle *tep;
	int load_proc;		/* 1: load /proc/kallsyms first; then 0 */
};
void da_stack_symbol(uint64_t ip, char *buf, size_t size, void *data);

/*
 * @st as lines, innermost first, without the tracing machinery's own
 * frames (kprobe handlers, the ftrace trampoline, the tracepoint's
 * trace_event_raw_event_*). One allocation: *@lines (free() it) holds the
 * pointers and the strings. Returns the number of lines or -ENOMEM.
 */
int da_stack_lines(const struct da_stack *st, da_sym_fn sym, void *data,
		   char ***lines);

/*
 * A kernel_stack record's frames into @st (at most DA_STACK_MAX): @nr as
 * its size field says, @words the caller array, the record's bytes after
 * it (@avail), @long_size 4 or 8, @swap: the trace's byte order is not
 * ours. Stops at a 0 or -1 frame.
 */
void da_stack_from_record(struct da_stack *st, long nr, const void *words,
			  size_t avail, int long_size, int swap);

#endif /* _DA_STACKS_H */
