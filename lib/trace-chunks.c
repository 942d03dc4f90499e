// SPDX-License-Identifier: LGPL-2.1
/*
 * The compressed chunks of a trace.dat v7: reading one, and reading ahead.
 *
 * Decompressing costs about what walking the pages does, so a second CPU
 * decompresses while the first walks: one thread for all CPUs' streams,
 * each stream a ring of a few chunks. The thread fills the emptiest ring
 * first; the walker takes the chunks of each stream in order. Each side
 * sleeps only when it has nothing to do (the walker on an empty ring, the
 * thread on full rings), and is woken only if it sleeps: a chunk handed
 * over costs two atomic operations, not a system call.
 *
 * A chunk the thread cannot read or decompress ends its stream there, and
 * the walker reports it when it gets to it, as it would have reading the
 * chunks itself: the report is the same with or without the thread.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>

#include "dmabuf-audit-local.h"
#include "trace-reader.h"

#define MAX_SLOTS	8
/* slots of all rings together: a few MiB at trace-cmd's 40 KiB chunks */
#define ALL_SLOTS	64

#define SPIN_NS		200000

enum { THREAD, WALKER };

unsigned int da_trace_u32(bool big_endian, const unsigned char *p)
{
	return big_endian ? (unsigned int)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3] :
			    (unsigned int)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
}

enum da_chunk_status da_trace_read_chunk(int fd, const struct da_trace_layout *l,
					 void *zctx, unsigned long long *next,
					 struct da_chunk *c)
{
	unsigned char h[8];

	if (da_trace_pread(fd, h, sizeof(h), *next))
		return DA_CHUNK_CUT;
	c->zsize = da_trace_u32(l->big_endian, h);
	c->size = da_trace_u32(l->big_endian, h + 4);
	if (!c->size || c->size % l->page_size || c->size > DA_TRACE_MAX_CHUNK ||
	    c->zsize > DA_TRACE_MAX_CHUNK)
		return DA_CHUNK_DAMAGED;
	if (da_grow((void **)&c->zbuf, &c->zcap, c->zsize, 1) ||
	    da_grow((void **)&c->buf, &c->cap, c->size, 1))
		return DA_CHUNK_NOMEM;
	if (da_trace_pread(fd, c->zbuf, c->zsize, *next + sizeof(h)))
		return DA_CHUNK_CUT;
	if (da_trace_unzip(l->zip, zctx, c->zbuf, c->zsize, c->buf, c->size))
		return DA_CHUNK_BAD_DATA;
	*next += sizeof(h) + c->zsize;
	return DA_CHUNK_OK;
}

struct slot {
	struct da_chunk c;
	enum da_chunk_status status;
};

struct ring {
	struct da_ahead_stream st;	/* the thread's: where its next chunk is */
	struct slot slot[MAX_SLOTS];
	atomic_uint made;		/* chunks the thread has put in slots */
	atomic_uint done;		/* chunks the walker has finished with */
	unsigned int taken;		/* the walker's: chunks taken (done + 1 in use) */
	bool ended;			/* the thread's: no more (all read, or failed) */
};

struct da_ahead {
	int fd;
	const struct da_trace_layout *l;
	int n;
	unsigned int slots;
	struct ring *r;
	void *zctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake[2];		/* THREAD's, WALKER's */
	atomic_bool sleeping[2];
	atomic_bool stop;
};

/*
 * Wake @who if it sleeps. Its sleeping flag is set before it looks at the
 * counters again, and ours changed before we look at its flag (both
 * sequentially consistent): either it sees our change or we see its flag.
 */
static void wake(struct da_ahead *a, int who)
{
	if (atomic_load(&a->sleeping[who])) {
		pthread_mutex_lock(&a->lock);
		pthread_cond_signal(&a->wake[who]);
		pthread_mutex_unlock(&a->lock);
	}
}

static unsigned long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

/*
 * Wait as @who until @ready() holds: a chunk takes some 20 µs to
 * decompress, so first yield for up to SPIN_NS (a futex sleep and wake
 * for each chunk would cost more than the second CPU gives), then sleep
 * (checked again under the lock).
 */
static void sleep_until(struct da_ahead *a, int who, bool (*ready)(struct da_ahead *, int),
			int arg)
{
	unsigned long long end = now_ns() + SPIN_NS;

	do {
		if (ready(a, arg))
			return;
		sched_yield();
	} while (now_ns() < end);
	pthread_mutex_lock(&a->lock);
	atomic_store(&a->sleeping[who], true);
	while (!ready(a, arg) && !atomic_load(&a->stop))
		pthread_cond_wait(&a->wake[who], &a->lock);
	atomic_store(&a->sleeping[who], false);
	pthread_mutex_unlock(&a->lock);
}

/* The ring the thread should fill next: the emptiest with room, or -1. */
static int pick(struct da_ahead *a)
{
	unsigned int used, best = a->slots;
	int i, k = -1;

	for (i = 0; i < a->n; i++) {
		struct ring *r = &a->r[i];

		if (r->ended)
			continue;
		used = atomic_load(&r->made) - atomic_load(&r->done);
		if (used < best) {
			best = used;
			k = i;
		}
	}
	return k;
}

static bool thread_can_go(struct da_ahead *a, int unused)
{
	(void)unused;
	return pick(a) >= 0;
}

static bool all_ended(struct da_ahead *a)
{
	int i;

	for (i = 0; i < a->n; i++)
		if (!a->r[i].ended)
			return false;
	return true;
}

static void fill(struct da_ahead *a, struct ring *r)
{
	unsigned int made = atomic_load(&r->made);
	struct slot *s = &r->slot[made % a->slots];

	s->status = da_trace_read_chunk(a->fd, a->l, a->zctx, &r->st.next, &s->c);
	if (s->status != DA_CHUNK_OK || !--r->st.left)
		r->ended = true;
	atomic_store(&r->made, made + 1);
	wake(a, WALKER);
}

static void *run(void *data)
{
	struct da_ahead *a = data;
	int k;

	while (!atomic_load(&a->stop) && !all_ended(a)) {
		k = pick(a);
		if (k >= 0)
			fill(a, &a->r[k]);
		else
			sleep_until(a, THREAD, thread_can_go, 0);
	}
	return NULL;
}

static void destroy(struct da_ahead *a, bool started);

static unsigned int slots_for(int n)
{
	unsigned int s = n > 0 ? ALL_SLOTS / (unsigned int)n : 0;

	return s > MAX_SLOTS ? MAX_SLOTS : s;
}

struct da_ahead *da_ahead_start(int fd, const struct da_trace_layout *l,
				const struct da_ahead_stream *st, int n)
{
	struct da_ahead *a;
	int i;

	const char *how = getenv("DMABUF_AUDIT_TRACE_READER");

	/* one CPU, too many streams for rings of two, nothing to do, or a test */
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2 || slots_for(n) < 2 || !l->zip ||
	    (how && !strcmp(how, "one-thread")))
		return NULL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->r = calloc(n, sizeof(*a->r));
	a->fd = fd;
	a->l = l;
	a->n = n;
	a->slots = slots_for(n);
	if (l->zip == DA_ZIP_ZSTD)
		a->zctx = ZSTD_createDCtx();
	for (i = 0; a->r && i < n; i++) {
		a->r[i].st = st[i];
		a->r[i].ended = !st[i].left;
	}
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->wake[THREAD], NULL);
	pthread_cond_init(&a->wake[WALKER], NULL);
	if (!a->r || (l->zip == DA_ZIP_ZSTD && !a->zctx) ||
	    pthread_create(&a->thread, NULL, run, a)) {
		/* the caller reads the chunks itself */
		destroy(a, false);
		return NULL;
	}
	return a;
}

static bool walker_can_go(struct da_ahead *a, int i)
{
	return atomic_load(&a->r[i].made) != a->r[i].taken;
}

enum da_chunk_status da_ahead_take(struct da_ahead *a, int i, struct da_chunk **c)
{
	struct ring *r = &a->r[i];
	struct slot *s;

	if (r->taken) {
		/* the chunk the walker held is free again */
		atomic_store(&r->done, r->taken);
		wake(a, THREAD);
	}
	if (!walker_can_go(a, i))
		sleep_until(a, WALKER, walker_can_go, i);
	s = &r->slot[r->taken++ % a->slots];
	*c = &s->c;
	return s->status;
}

static void destroy(struct da_ahead *a, bool started)
{
	unsigned int k;
	int i;

	if (!a)
		return;
	if (started) {
		atomic_store(&a->stop, true);
		pthread_mutex_lock(&a->lock);
		pthread_cond_broadcast(&a->wake[THREAD]);
		pthread_mutex_unlock(&a->lock);
		pthread_join(a->thread, NULL);
	}
	for (i = 0; a->r && i < a->n; i++) {
		for (k = 0; k < MAX_SLOTS; k++) {
			free(a->r[i].slot[k].c.buf);
			free(a->r[i].slot[k].c.zbuf);
		}
	}
	free(a->r);
	ZSTD_freeDCtx(a->zctx);
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->wake[THREAD]);
	pthread_cond_destroy(&a->wake[WALKER]);
	free(a);
}

void da_ahead_stop(struct da_ahead *a)
{
	destroy(a, true);
}
