// SPDX-License-Identifier: GPL-2.0
/*
 * memorizer_sim - the Memorizer debugfs interface on a stock kernel.
 *
 * Memorizer is a patched (KASAN-based) kernel that records every kernel
 * object's allocation, free and the loads/stores made to it.  This module
 * gives an unpatched kernel the same debugfs interface
 * (/sys/kernel/debug/memorizer/), backed by the kernel's real allocation
 * events: the kmem tracepoints kmalloc, kmem_cache_alloc, kfree and
 * kmem_cache_free (Linux >= 6.1 folds the *_node variants into these; the
 * node argument selects the *_ND allocation type).
 *
 * What it cannot do: a stock kernel does not instrument loads and stores, so
 * no access counts are invented.  The only access line ever reported for an
 * object is its observed free, counted as one write by the freeing pid (when
 * access logging is on and the freeing context is traced).  `stats` says
 * "simulation: yes" and lists what is not traced.
 *
 * Module parameters:
 *   abi=newest|v26|v6.6-old|4.x  kernel generation (current, legacy: aliases)
 *   capacity=N          fixed object table size (default 65536)
 *
 * Design:
 *   - One preallocated object table (vzalloc at load) with a free list, a
 *     pointer hash for live objects and a FIFO list of freed ("dead")
 *     objects.  Everything is guarded by one raw spinlock taken with
 *     interrupts off.  Probes never allocate, never sleep and never call
 *     anything that may allocate or free while holding the lock.
 *   - Readers copy one record at a time under the lock and format it after
 *     dropping it, so their own (seq_file) allocations, which re-enter the
 *     probes, can never deadlock on the table lock.
 *   - Process marks (modes 2, 3, pid) live in a small fixed hash of pids,
 *     inherited at fork (sched_process_fork) and dropped at exit
 *     (sched_process_exit); they survive mode 0.
 *   - kmap_stream polls (100 ms) for freed objects instead of being woken
 *     from the probes: a wake_up() from an arbitrary allocation context could
 *     deadlock on scheduler locks (the real Memorizer does the same).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/version.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/pid.h>
#include <linux/hash.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/string.h>
#include <linux/kstrtox.h>
#include <linux/numa.h>
#include <linux/preempt.h>
#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/workqueue.h>
#include <linux/sched/task.h>
/*
 * struct kmem_cache (name, size) is only defined by the allocator's header.
 * slub_def.h's inline helpers (never used here) need mm/slab.h, which is
 * not shipped with the kernel headers: give them minimal stand-ins.  The
 * layout of struct kmem_cache itself comes from the real header.
 */
#if defined(CONFIG_SLUB)
struct slab {
	unsigned int objects;
};
static inline void *slab_address(const struct slab *slab)
{
	return NULL;
}
#include <linux/slub_def.h>
#elif defined(CONFIG_SLAB)
#include <linux/slab_def.h>
#else
#error "memorizer_sim needs SLUB or SLAB"
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "memorizer_sim needs the Linux >= 6.1 kmem tracepoint prototypes"
#endif

MODULE_LICENSE("GPL");
MODULE_AUTHOR("mzsh project");
MODULE_DESCRIPTION("Memorizer debugfs interface simulated from kmem tracepoints");

/* ------------------------------------------------------------------ */
/* parameters and generations                                          */

static char *abi = "newest";
module_param(abi, charp, 0444);
MODULE_PARM_DESC(abi, "kernel generation to present: newest (default), v26, v6.6-old, 4.x; current = newest, legacy = v6.6-old");

static unsigned int capacity = 65536;
module_param(capacity, uint, 0444);
MODULE_PARM_DESC(capacity, "fixed number of objects the table holds (default 65536); when full, tracing stops as on a real kernel whose pool ran out");

/* A test aid: a CPU stuck in kernel code during boot, as the soft lockup detector reports it. */
static unsigned int stall_ms;
module_param(stall_ms, uint, 0444);
MODULE_PARM_DESC(stall_ms, "test aid: spin this long with preemption off while loading (default 0), so that the kernel's soft lockup detector reports this CPU; mzsh's boot-fault tests use it");

/*
 * The Memorizer generations whose debugfs interface the module presents.
 * They differ in file names, kmap line shapes and semantics (see README).
 */
enum sim_gen { GEN_NEWEST, GEN_V26, GEN_V66_OLD, GEN_4X };

static const struct {
	const char *name;
	enum sim_gen gen;
} gen_names[] = {
	{ "newest", GEN_NEWEST },
	{ "v26", GEN_V26 },
	{ "v6.6-old", GEN_V66_OLD },
	{ "4.x", GEN_4X },
	/* the module's former names, kept as aliases of the nearest real one */
	{ "current", GEN_NEWEST },
	{ "legacy", GEN_V66_OLD },
};

static enum sim_gen gen;
static const char *gen_name = "newest";

/* renamed files (stats, clears, switches) came with v26 */
static inline bool renamed(void) { return gen == GEN_NEWEST || gen == GEN_V26; }
/* newest: opening a data file disables; modes 1/2 hotplug CPUs; marks pin to CPU0 */
static inline bool hotplugs(void) { return gen == GEN_NEWEST; }
/* v26 and newest move a freed object's access counts away */
static inline bool freed_keep_accesses(void) { return !renamed(); }
/* access lines carry the pid since v26 */
static inline bool access_pid(void) { return renamed(); }
/* 4.x: memorizer_enabled is a plain boolean */
static inline bool boolean_enable(void) { return gen == GEN_4X; }

/* ------------------------------------------------------------------ */
/* allocation types (codes from the Memorizer ABI)                     */

enum sim_alloc_type {
	AT_KMALLOC = 0x7,
	AT_KMALLOC_ND = 0x8,
	AT_KMEM_CACHE = 0x9,
	AT_KMEM_CACHE_ND = 0xA,
	AT_NONE = 0x1A,
	AT_COUNT = 0x1B,
};

static const char *const type_names[AT_COUNT] = {
	"STACK", "STACK_FRAME", "STACK_ARGS", "STACK_PAGE", "GEN_HEAP",
	"UFO_HEAP", "GLOBAL", "KMALLOC", "KMALLOC_ND", "KMEM_CACHE",
	"KMEM_CACHE_ND", "KMEM_CACHE_BULK", "VMALLOC", "ALLOC_PAGES",
	"ALLOC_PAGES_EXACT", "ALLOC_PAGES_GETFREEPAGES", "ALLOC_PAGES_FOLIO",
	"INDUCED_ALLOC", "BOOTMEM", "MEMBLOCK", "UFO_MEMBLOCK", "MEMORIZER",
	"USER", "BUG", "UFO_GLOBAL", "UFO_NONE", "NONE",
};

static const char *type_name(u8 t)
{
	return t < AT_COUNT ? type_names[t] : "";
}

/* free_ip marker of an object overwritten by a later allocation at the same
 * address without an observed free */
#define OVERWRITTEN_FREE_IP 0xdeadbeefUL

/* ------------------------------------------------------------------ */
/* object table                                                        */

#define NIL ((u32)~0U)
#define SLAB_NAME_LEN 32

enum { ST_UNUSED = 0, ST_LIVE = 1, ST_DEAD = 2 };

struct sim_obj {
	unsigned long alloc_ip;
	unsigned long ptr;
	unsigned long free_ip;
	unsigned long size;
	u64 alloc_index;
	u64 free_index;
	pid_t pid;
	pid_t free_pid;		/* valid if has_access */
	u32 hnext;		/* live: pointer hash chain */
	u32 lprev, lnext;	/* dead: FIFO list; unused: free list (lnext) */
	u8 state;
	u8 type;
	u8 new_type;		/* type of the overwriting allocation */
	u8 printed;		/* reported by a kmap-like file */
	u8 has_access;		/* the free was logged as one write */
	u8 gone;		/* live: freed in a context the mode filter
				 * rejected; still reported as live (the free
				 * was not recorded) but reclaimed by clears */
	char comm[TASK_COMM_LEN];
	char slab[SLAB_NAME_LEN];
};

static struct sim_obj *tbl;
static u32 *buckets;
static unsigned int nbuckets_bits;
static u32 free_head = NIL;
static u32 dead_head = NIL, dead_tail = NIL;
static DEFINE_RAW_SPINLOCK(tbl_lock);

/* counters (all but the atomics are protected by tbl_lock) */
static u64 serial;		/* last index handed out */
static unsigned long n_live, n_dead;
static unsigned long n_recorded, n_frees_observed, n_overwritten, n_access_lines;
static unsigned long n_streamed, n_cleared, n_gone;
static atomic_long_t n_dropped = ATOMIC_LONG_INIT(0);
static atomic_long_t n_untracked_frees = ATOMIC_LONG_INIT(0);
static atomic_long_t n_nmi_skipped = ATOMIC_LONG_INIT(0);
/* set by a probe that found the table full: tracing stopped (mode 0);
 * the periodic worker logs it and, on newest, brings the CPUs back */
static atomic_t heap_exhausted = ATOMIC_INIT(0);

/* ------------------------------------------------------------------ */
/* controls                                                            */

#define MODE_PID 4		/* internal code for "<pid>" mode */
static int mode;		/* 0..3 or MODE_PID */
static pid_t mode_root;		/* pid written for mode 2/3/<pid> */
static DEFINE_MUTEX(ctl_mutex);	/* serializes control writes */

static bool log_accesses;
static bool log_live = true;
static bool log_calls, log_frames, verbose_warnings;	/* accepted, no effect */

static DECLARE_WAIT_QUEUE_HEAD(stream_wq);
static bool unloading;
/* v26: a kmap-like file is open (its lock is taken at open) */
static atomic_t view_busy = ATOMIC_INIT(0);

/* ------------------------------------------------------------------ */
/* process marks                                                       */

#define MARK_BITS 12
#define MARK_SLOTS (1U << MARK_BITS)
#define MARK_MAX (MARK_SLOTS / 2)
static pid_t marks[MARK_SLOTS];	/* 0 = empty, linear probing */
static unsigned int n_marks;
static atomic_t n_marks_atomic = ATOMIC_INIT(0);
static atomic_long_t n_mark_drops = ATOMIC_LONG_INIT(0);
static DEFINE_RAW_SPINLOCK(mark_lock);

static inline u32 mark_slot(pid_t pid)
{
	return hash_32((u32)pid, MARK_BITS);
}

static bool mark_find_locked(pid_t pid, u32 *slot)
{
	u32 i = mark_slot(pid);

	while (marks[i]) {
		if (marks[i] == pid) {
			*slot = i;
			return true;
		}
		i = (i + 1) & (MARK_SLOTS - 1);
	}
	*slot = i;
	return false;
}

static void mark_add(pid_t pid)
{
	unsigned long flags;
	u32 slot;

	if (pid <= 0)
		return;
	raw_spin_lock_irqsave(&mark_lock, flags);
	if (!mark_find_locked(pid, &slot)) {
		if (n_marks >= MARK_MAX) {
			atomic_long_inc(&n_mark_drops);
		} else {
			marks[slot] = pid;
			n_marks++;
			atomic_set(&n_marks_atomic, n_marks);
		}
	}
	raw_spin_unlock_irqrestore(&mark_lock, flags);
}

static void mark_del(pid_t pid)
{
	unsigned long flags;
	u32 i, j, k;

	if (pid <= 0 || !atomic_read(&n_marks_atomic))
		return;
	raw_spin_lock_irqsave(&mark_lock, flags);
	if (mark_find_locked(pid, &i)) {
		/* backward-shift deletion keeps probe chains intact */
		marks[i] = 0;
		j = i;
		for (;;) {
			j = (j + 1) & (MARK_SLOTS - 1);
			if (!marks[j])
				break;
			k = mark_slot(marks[j]);
			/* move marks[j] into the hole at i unless its home k
			 * lies cyclically in (i, j] */
			if ((i <= j) ? (i < k && k <= j) : (i < k || k <= j))
				continue;
			marks[i] = marks[j];
			marks[j] = 0;
			i = j;
		}
		n_marks--;
		atomic_set(&n_marks_atomic, n_marks);
	}
	raw_spin_unlock_irqrestore(&mark_lock, flags);
}

static bool is_marked(pid_t pid)
{
	unsigned long flags;
	bool found;
	u32 slot;

	if (!atomic_read(&n_marks_atomic))
		return false;
	raw_spin_lock_irqsave(&mark_lock, flags);
	found = mark_find_locked(pid, &slot);
	raw_spin_unlock_irqrestore(&mark_lock, flags);
	return found;
}

/* Is the current context traced under mode m? (never called in NMI) */
static bool context_traced(int m)
{
	switch (m) {
	case 1:
		return true;
	case 2:
		if (!in_task())
			return true;
		return is_marked(current->pid);
	case 3:
	case MODE_PID:
		return in_task() && is_marked(current->pid);
	default:
		return false;
	}
}

/* ------------------------------------------------------------------ */
/* table helpers (tbl_lock held)                                       */

static inline u32 ptr_bucket(unsigned long ptr)
{
	return hash_long(ptr >> 3, nbuckets_bits);
}

static u32 hash_find(unsigned long ptr, u32 **linkp)
{
	u32 *link = &buckets[ptr_bucket(ptr)];

	while (*link != NIL) {
		if (tbl[*link].ptr == ptr) {
			if (linkp)
				*linkp = link;
			return *link;
		}
		link = &tbl[*link].hnext;
	}
	return NIL;
}

static void dead_append(u32 i)
{
	tbl[i].lnext = NIL;
	tbl[i].lprev = dead_tail;
	if (dead_tail != NIL)
		tbl[dead_tail].lnext = i;
	else
		dead_head = i;
	dead_tail = i;
	n_dead++;
}

static void dead_unlink(u32 i)
{
	if (tbl[i].lprev != NIL)
		tbl[tbl[i].lprev].lnext = tbl[i].lnext;
	else
		dead_head = tbl[i].lnext;
	if (tbl[i].lnext != NIL)
		tbl[tbl[i].lnext].lprev = tbl[i].lprev;
	else
		dead_tail = tbl[i].lprev;
	n_dead--;
}

/* live -> dead: unlink from the hash (link points at the reference to i) */
static void kill_live(u32 i, u32 *link)
{
	*link = tbl[i].hnext;
	tbl[i].hnext = NIL;
	if (tbl[i].gone) {
		tbl[i].gone = 0;
		n_gone--;
	}
	WRITE_ONCE(tbl[i].state, ST_DEAD);
	n_live--;
	dead_append(i);
}

static void release_slot(u32 i)
{
	WRITE_ONCE(tbl[i].state, ST_UNUSED);
	tbl[i].lnext = free_head;
	tbl[i].lprev = NIL;
	free_head = i;
}

/* ------------------------------------------------------------------ */
/* probes (atomic context)                                             */

static void fill_context(struct sim_obj *o)
{
	/* as the kernel: pid 0 outside task context, the comm verbatim
	 * (commas included) */
	if (in_hardirq()) {
		o->pid = 0;
		strscpy(o->comm, "hardirq", sizeof(o->comm));
	} else if (in_serving_softirq()) {
		o->pid = 0;
		strscpy(o->comm, "softirq", sizeof(o->comm));
	} else {
		o->pid = task_pid_nr(current);
		memcpy(o->comm, current->comm, sizeof(o->comm));
		o->comm[sizeof(o->comm) - 1] = '\0';
	}
}

static void record_alloc(unsigned long call_site, const void *ptr,
			 unsigned long size, u8 type, const char *slab)
{
	unsigned long flags, p = (unsigned long)ptr;
	struct sim_obj *o;
	u32 i, *link;
	int m = READ_ONCE(mode);

	if (likely(!m) || ZERO_OR_NULL_PTR(ptr))
		return;
	if (unlikely(in_nmi())) {
		atomic_long_inc(&n_nmi_skipped);
		return;
	}
	if (!context_traced(m))
		return;

	raw_spin_lock_irqsave(&tbl_lock, flags);
	serial++;
	i = hash_find(p, &link);
	if (i != NIL) {
		/* a live object at this address whose free we never saw */
		tbl[i].free_ip = OVERWRITTEN_FREE_IP;
		tbl[i].free_index = serial;
		tbl[i].new_type = type;
		kill_live(i, link);
		n_overwritten++;
	}
	i = free_head;
	if (i == NIL) {
		/* as the kernel when its pool runs out: tracing stops; the
		 * worker logs it (printk and hotplug do not belong here) */
		WRITE_ONCE(mode, 0);
		raw_spin_unlock_irqrestore(&tbl_lock, flags);
		atomic_long_inc(&n_dropped);
		atomic_set(&heap_exhausted, 1);
		return;
	}
	free_head = tbl[i].lnext;
	o = &tbl[i];
	o->alloc_ip = call_site;
	o->ptr = p;
	o->free_ip = 0;
	o->size = size;
	o->alloc_index = serial;
	o->free_index = 0;
	o->free_pid = 0;
	o->new_type = 0;
	o->printed = 0;
	o->has_access = 0;
	o->gone = 0;
	o->type = type;
	o->lprev = o->lnext = NIL;
	fill_context(o);
	strscpy(o->slab, slab ? slab : "no-slab", sizeof(o->slab));
	o->hnext = buckets[ptr_bucket(p)];
	buckets[ptr_bucket(p)] = i;
	n_live++;
	n_recorded++;
	WRITE_ONCE(o->state, ST_LIVE);
	raw_spin_unlock_irqrestore(&tbl_lock, flags);
}

static void record_free(unsigned long call_site, const void *ptr)
{
	unsigned long flags, p = (unsigned long)ptr;
	bool traced;
	u32 i, *link;
	int m = READ_ONCE(mode);

	if (likely(!READ_ONCE(n_live)) || ZERO_OR_NULL_PTR(ptr))
		return;
	if (unlikely(in_nmi())) {
		atomic_long_inc(&n_nmi_skipped);
		return;
	}
	/* As the kernel, a free is recorded only in a context the mode
	 * filter passes.  Any other free of a tracked object leaves it
	 * reported as live, but marks its slot reclaimable by the clears:
	 * otherwise every object live at dump time would hold its slot for
	 * good and each dump cycle would shrink the table. */
	traced = m && context_traced(m);

	raw_spin_lock_irqsave(&tbl_lock, flags);
	i = hash_find(p, &link);
	if (i == NIL || tbl[i].gone) {
		raw_spin_unlock_irqrestore(&tbl_lock, flags);
		atomic_long_inc(&n_untracked_frees);
		return;
	}
	if (!traced) {
		tbl[i].gone = 1;
		n_gone++;
		raw_spin_unlock_irqrestore(&tbl_lock, flags);
		return;
	}
	serial++;
	tbl[i].free_ip = call_site;
	tbl[i].free_index = serial;
	if (READ_ONCE(log_accesses)) {
		tbl[i].has_access = 1;
		tbl[i].free_pid = in_task() ? task_pid_nr(current) : 0;
		n_access_lines++;
	}
	kill_live(i, link);
	n_frees_observed++;
	raw_spin_unlock_irqrestore(&tbl_lock, flags);
}

static const char *kmalloc_slab_name(size_t bytes_req, gfp_t gfp)
{
	struct kmem_cache *s;
	unsigned int idx;

	if (!bytes_req || bytes_req > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	idx = __kmalloc_index(bytes_req, false);
	s = READ_ONCE(kmalloc_caches[kmalloc_type(gfp)][idx]);
	return s ? s->name : NULL;
}

static void probe_kmalloc(void *data, unsigned long call_site, const void *ptr,
			  size_t bytes_req, size_t bytes_alloc, gfp_t gfp_flags,
			  int node)
{
	if (likely(!READ_ONCE(mode)))
		return;
	record_alloc(call_site, ptr, bytes_alloc,
		     node == NUMA_NO_NODE ? AT_KMALLOC : AT_KMALLOC_ND,
		     kmalloc_slab_name(bytes_req, gfp_flags));
}

static void probe_kmem_cache_alloc(void *data, unsigned long call_site,
				   const void *ptr, struct kmem_cache *s,
				   gfp_t gfp_flags, int node)
{
	if (likely(!READ_ONCE(mode)))
		return;
	record_alloc(call_site, ptr, s ? s->size : 0,
		     node == NUMA_NO_NODE ? AT_KMEM_CACHE : AT_KMEM_CACHE_ND,
		     s ? s->name : NULL);
}

static void probe_kfree(void *data, unsigned long call_site, const void *ptr)
{
	record_free(call_site, ptr);
}

static void probe_kmem_cache_free(void *data, unsigned long call_site,
				  const void *ptr, const struct kmem_cache *s)
{
	record_free(call_site, ptr);
}

static void probe_fork(void *data, struct task_struct *parent,
		       struct task_struct *child)
{
	if (atomic_read(&n_marks_atomic) && is_marked(parent->pid))
		mark_add(child->pid);
}

static void probe_exit(void *data, struct task_struct *p)
{
	mark_del(p->pid);
}

/* ------------------------------------------------------------------ */
/* tracepoint registration                                             */

struct sim_tp {
	const char *name;
	void *probe;
	bool required;
	struct tracepoint *tp;
	bool registered;
};

static struct sim_tp sim_tps[] = {
	{ "kmalloc", probe_kmalloc, true },
	{ "kmem_cache_alloc", probe_kmem_cache_alloc, true },
	{ "kfree", probe_kfree, true },
	{ "kmem_cache_free", probe_kmem_cache_free, true },
	{ "sched_process_fork", probe_fork, true },
	{ "sched_process_exit", probe_exit, true },
};

static void lookup_tp(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(sim_tps); i++)
		if (!strcmp(tp->name, sim_tps[i].name))
			sim_tps[i].tp = tp;
}

static void unregister_tps(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(sim_tps); i++) {
		if (sim_tps[i].registered)
			tracepoint_probe_unregister(sim_tps[i].tp,
						    sim_tps[i].probe, NULL);
		sim_tps[i].registered = false;
	}
	tracepoint_synchronize_unregister();
}

static int register_tps(void)
{
	int i, ret;

	for_each_kernel_tracepoint(lookup_tp, NULL);
	for (i = 0; i < ARRAY_SIZE(sim_tps); i++) {
		if (!sim_tps[i].tp) {
			if (!sim_tps[i].required)
				continue;
			pr_err("tracepoint %s not found\n", sim_tps[i].name);
			unregister_tps();
			return -ENOENT;
		}
		ret = tracepoint_probe_register(sim_tps[i].tp,
						sim_tps[i].probe, NULL);
		if (ret) {
			pr_err("cannot register probe on %s: %d\n",
			       sim_tps[i].name, ret);
			unregister_tps();
			return ret;
		}
		sim_tps[i].registered = true;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* CPU hotplug and pinning (newest)                                    */

/*
 * newest takes CPUs offline with the kernel's hotplug calls so that a
 * traced run is serialised on one CPU.  Called with ctl_mutex held, from
 * process context only.
 */
static void cpus_offline_but_boot(void)
{
	int cpu, ret;

	for_each_present_cpu(cpu) {
		if (cpu == 0 || !cpu_online(cpu))
			continue;
		ret = remove_cpu(cpu);
		if (ret)
			pr_warn("cannot take CPU %d offline: %d\n", cpu, ret);
	}
}

static void cpus_all_online(void)
{
	int cpu, ret;

	for_each_present_cpu(cpu) {
		if (cpu_online(cpu))
			continue;
		ret = add_cpu(cpu);
		if (ret)
			pr_warn("cannot bring CPU %d online: %d\n", cpu, ret);
	}
}

/* pins t to CPU0; as on the kernel the pin is never undone */
static void pin_to_boot_cpu(struct task_struct *t)
{
	int ret = set_cpus_allowed_ptr(t, cpumask_of(0));

	if (ret)
		pr_warn("cannot pin pid %d to CPU0: %d\n", task_pid_nr(t), ret);
}

/* mode 0 from anywhere in process context (ctl_mutex held) */
static void stop_tracing_locked(void)
{
	WRITE_ONCE(mode, 0);
	if (hotplugs())
		cpus_all_online();
}

/* The periodic worker: reports a full table and, on newest, brings the
 * CPUs back that the probe (atomic context) could not. */
static void heap_work_fn(struct work_struct *w);
static DECLARE_DELAYED_WORK(heap_work, heap_work_fn);

static void heap_work_fn(struct work_struct *w)
{
	if (atomic_xchg(&heap_exhausted, 0)) {
		pr_err("ran out of internal heap (object table of %u slots full); memorizer disabled\n",
		       capacity);
		mutex_lock(&ctl_mutex);
		stop_tracing_locked();
		mutex_unlock(&ctl_mutex);
	}
	if (!READ_ONCE(unloading))
		schedule_delayed_work(&heap_work, HZ);
}

/* ------------------------------------------------------------------ */
/* memorizer_enabled                                                   */

static ssize_t enabled_read(struct file *f, char __user *ubuf, size_t len,
			    loff_t *ppos)
{
	char buf[160];
	int n, m, root;

	mutex_lock(&ctl_mutex);
	m = mode;
	root = mode_root;
	mutex_unlock(&ctl_mutex);

	if (boolean_enable()) {
		n = scnprintf(buf, sizeof(buf), "%c\n", m ? 'Y' : 'N');
		return simple_read_from_buffer(ubuf, len, ppos, buf, n);
	}
	switch (m) {
	case 1:
		n = scnprintf(buf, sizeof(buf), "1 - memorizer enabled, all processes\n");
		break;
	case 2:
		n = scnprintf(buf, sizeof(buf),
			      "2 - memorizer enabled, marked processes and irq, proc root = %d\n",
			      root);
		break;
	case 3:
		n = scnprintf(buf, sizeof(buf),
			      "3 - memorizer enabled, no irq, proc root = %d\n", root);
		break;
	case MODE_PID:
		n = scnprintf(buf, sizeof(buf),
			      "%d - memorizer enabled for target process pid = %d\n",
			      root, root);
		break;
	default:
		n = scnprintf(buf, sizeof(buf), "0 - memorizer disabled\n");
		break;
	}
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

/* 4.x: a debugfs boolean, which reports success even for text it cannot
 * parse (the value then stays as it was) */
static ssize_t enabled_bool_write(const char __user *ubuf, size_t len)
{
	bool v;

	if (!kstrtobool_from_user(ubuf, len, &v)) {
		mutex_lock(&ctl_mutex);
		WRITE_ONCE(mode, v ? 1 : 0);
		mutex_unlock(&ctl_mutex);
	}
	return len;
}

static ssize_t enabled_write(struct file *f, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	struct task_struct *t = NULL;
	int v, ret, newmode;

	if (boolean_enable())
		return enabled_bool_write(ubuf, len);
	ret = kstrtoint_from_user(ubuf, len, 10, &v);
	if (ret)
		return ret;
	if (v < 0)
		return -EINVAL;
	if (v > 3) {
		rcu_read_lock();
		t = pid_task(find_vpid(v), PIDTYPE_PID);
		if (t)
			get_task_struct(t);
		rcu_read_unlock();
		if (!t)
			return -EINVAL;
		newmode = MODE_PID;
	} else {
		newmode = v;
		if (v == 2 || v == 3) {
			t = current;
			get_task_struct(t);
		}
	}

	mutex_lock(&ctl_mutex);
	if (t) {
		mark_add(t->pid);
		mode_root = t->pid;
	}
	if (hotplugs()) {
		/* 1 and 2 run on CPU0 alone; 3 and pid pin the task.  The
		 * hotplug work itself is not traced. */
		WRITE_ONCE(mode, 0);
		if (t)
			pin_to_boot_cpu(t);
		if (newmode == 1 || newmode == 2)
			cpus_offline_but_boot();
		else
			cpus_all_online();
	}
	WRITE_ONCE(mode, newmode);
	mutex_unlock(&ctl_mutex);
	if (t)
		put_task_struct(t);
	return len;
}

static const struct file_operations enabled_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = enabled_read,
	.write = enabled_write,
	.llseek = default_llseek,
};

/* ------------------------------------------------------------------ */
/* boolean switches                                                    */

static ssize_t bool_read(struct file *f, char __user *ubuf, size_t len,
			 loff_t *ppos)
{
	bool *val = f->private_data;
	char buf[2] = { READ_ONCE(*val) ? 'Y' : 'N', '\n' };

	return simple_read_from_buffer(ubuf, len, ppos, buf, 2);
}

static ssize_t bool_write(struct file *f, const char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	bool *val = f->private_data;
	bool v;

	/* debugfs's boolean handler: unparsable text leaves the value alone
	 * and still reports success */
	if (!kstrtobool_from_user(ubuf, len, &v))
		WRITE_ONCE(*val, v);
	return len;
}

static const struct file_operations bool_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = bool_read,
	.write = bool_write,
	.llseek = default_llseek,
};

/* ------------------------------------------------------------------ */
/* clears                                                              */

enum { CLEAR_DEAD = 1, CLEAR_PRINTED = 2, CLEAR_CALLS = 3 };

static void clear_dead(bool only_printed)
{
	unsigned long flags;
	u32 i, next;

	/* walk the dead FIFO in bounded chunks so interrupts are never off for
	 * long; called with ctl_mutex held */
	raw_spin_lock_irqsave(&tbl_lock, flags);
	i = dead_head;
	while (i != NIL) {
		unsigned int budget = 512;

		while (i != NIL && budget--) {
			next = tbl[i].lnext;
			if (!only_printed || tbl[i].printed) {
				dead_unlink(i);
				release_slot(i);
				n_cleared++;
			}
			i = next;
		}
		if (i == NIL)
			break;
		/* i stays a dead object across the unlock: only clears and
		 * kmap_stream unlink dead objects, and both hold ctl_mutex */
		raw_spin_unlock_irqrestore(&tbl_lock, flags);
		cond_resched();
		raw_spin_lock_irqsave(&tbl_lock, flags);
	}
	raw_spin_unlock_irqrestore(&tbl_lock, flags);
}

/*
 * Reclaims live objects whose free was not recorded (see record_free): all
 * of them, or those a kmap already reported.  Called with ctl_mutex held.
 */
static void clear_gone(bool only_printed)
{
	unsigned long flags;
	u32 s, *link;

	for (s = 0; s < capacity && READ_ONCE(n_gone); s++) {
		if (READ_ONCE(tbl[s].state) != ST_LIVE || !READ_ONCE(tbl[s].gone))
			goto next;
		raw_spin_lock_irqsave(&tbl_lock, flags);
		if (tbl[s].state == ST_LIVE && tbl[s].gone &&
		    (!only_printed || tbl[s].printed) &&
		    hash_find(tbl[s].ptr, &link) == s) {
			*link = tbl[s].hnext;
			tbl[s].hnext = NIL;
			tbl[s].gone = 0;
			n_gone--;
			n_live--;
			release_slot(s);
			n_cleared++;
		}
		raw_spin_unlock_irqrestore(&tbl_lock, flags);
next:
		if ((s & 1023) == 1023)
			cond_resched();
	}
}

static ssize_t clear_write(struct file *f, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	long what = (long)f->private_data;

	mutex_lock(&ctl_mutex);
	if (what == CLEAR_DEAD || what == CLEAR_PRINTED) {
		clear_dead(what == CLEAR_PRINTED);
		clear_gone(what == CLEAR_PRINTED);
	}
	/* CLEAR_CALLS: the simulation keeps no call graph */
	mutex_unlock(&ctl_mutex);
	return len;
}

static const struct file_operations clear_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = clear_write,
	.llseek = noop_llseek,
};

/* ------------------------------------------------------------------ */
/* formatting                                                          */

/*
 * Lines are printed with the kernel's own pointer formats, as Memorizer
 * prints them: under no_hash_pointers %p gives 16 zero-padded hex digits
 * and %-p the value left-justified, padded with trailing spaces to 16.
 * Without no_hash_pointers the kernel hashes them, as it would Memorizer's.
 */
#define OBJ_FMT_11 "%-p,%d,%p,%lu,%llu,%llu,%p,%s,%s,%s,%s\n"
#define OBJ_FMT_10_4X "%-16s,%d,%16s,%lu,%llu,%llu,%16s,%s,%s,%s\n"
#define ACC_FMT_PID "  %p,%llu,%llu,%lld\n"
#define ACC_FMT_NOPID "  %p,%llu,%llu\n"

/* 4.x printed a NULL %p as "(null)" in the pointer's field width */
static const char *ptr4x(char *buf, size_t sz, unsigned long v, bool left)
{
	if (!v)
		return "(null)";
	scnprintf(buf, sz, left ? "%-p" : "%p", (void *)v);
	return buf;
}

static int fmt_obj(char *buf, size_t sz, const struct sim_obj *o)
{
	unsigned long fip = o->free_ip;

	if (gen == GEN_4X) {
		char a[24], v[24], f[24];

		/* the left/right justification of "(null)" follows %-p/%p */
		return scnprintf(buf, sz, OBJ_FMT_10_4X,
				 ptr4x(a, sizeof(a), o->alloc_ip, true), o->pid,
				 ptr4x(v, sizeof(v), o->ptr, false), o->size,
				 o->alloc_index, o->free_index,
				 ptr4x(f, sizeof(f), fip, false),
				 type_name(o->type), o->comm,
				 o->slab[0] ? o->slab : "no-slab");
	}
	return scnprintf(buf, sz, OBJ_FMT_11,
			 (void *)o->alloc_ip, o->pid, (void *)o->ptr, o->size,
			 o->alloc_index, o->free_index, (void *)fip,
			 type_name(o->type), o->comm,
			 o->slab[0] ? o->slab : "no-slab",
			 fip == OVERWRITTEN_FREE_IP ? type_name(o->new_type) : "");
}

/* does the object carry access lines in this generation? */
static bool shows_access(const struct sim_obj *o)
{
	if (!o->has_access)
		return false;
	return o->state != ST_DEAD || freed_keep_accesses();
}

/* access line: only the observed free, as one write by the freeing pid */
static int fmt_access(char *buf, size_t sz, const struct sim_obj *o)
{
	if (!shows_access(o))
		return 0;
	if (access_pid())
		return scnprintf(buf, sz, ACC_FMT_PID, (void *)o->free_ip,
				 1ULL, 0ULL, (long long)o->free_pid);
	return scnprintf(buf, sz, ACC_FMT_NOPID, (void *)o->free_ip, 1ULL, 0ULL);
}

#define REC_MAX 256

/* the always-live catch-all object of each allocation type, printed first */
static void catch_all(struct sim_obj *o, unsigned int type)
{
	memset(o, 0, sizeof(*o));
	o->state = ST_LIVE;
	o->type = type;
	strscpy(o->comm, "swapper", sizeof(o->comm));
	strscpy(o->slab, "no-slab", sizeof(o->slab));
}

/* ------------------------------------------------------------------ */
/* kmap / allocations / accesses (seq_file)                            */

enum { VIEW_KMAP, VIEW_ALLOCS, VIEW_ACCESSES };

/*
 * Positions: [header] then the AT_COUNT catch-all objects, then a pass over
 * the table for live objects, then one for freed ones: live objects first,
 * as the kernel lists them.  Live reporting is read once, at open.
 */
struct kmap_iter {
	int view;
	bool live_too;
	struct sim_obj copy;
	char line[REC_MAX];
};

static inline loff_t view_hdr(const struct kmap_iter *it)
{
	return it->view == VIEW_KMAP ? 0 : 1;
}

static void *kmap_find(struct kmap_iter *it, loff_t *pos)
{
	unsigned long flags;
	loff_t p = *pos, base = view_hdr(it) + AT_COUNT;

	if (p < base) {
		if (it->live_too) {
			catch_all(&it->copy, p - view_hdr(it));
			return it;
		}
		p = base;
	}
	for (; p < base + 2 * (loff_t)capacity; p++) {
		u32 s = (p - base) % capacity;
		u8 want = p - base < capacity ? ST_LIVE : ST_DEAD;
		u8 st = READ_ONCE(tbl[s].state);

		if (st != want || (st == ST_LIVE && !it->live_too))
			goto next;
		raw_spin_lock_irqsave(&tbl_lock, flags);
		if (tbl[s].state == want) {
			/* a reported free (or unrecorded free) counts as
			 * printed: an object shown while live and freed later
			 * is kept for the next report */
			if (want == ST_DEAD || tbl[s].gone)
				tbl[s].printed = 1;
			it->copy = tbl[s];
			raw_spin_unlock_irqrestore(&tbl_lock, flags);
			*pos = p;
			return it;
		}
		raw_spin_unlock_irqrestore(&tbl_lock, flags);
next:
		if ((p & 1023) == 1023)
			cond_resched();
	}
	*pos = p;
	return NULL;
}

static void *kmap_start(struct seq_file *m, loff_t *pos)
{
	struct kmap_iter *it = m->private;

	if (*pos == 0 && view_hdr(it))
		return SEQ_START_TOKEN;
	return kmap_find(it, pos);
}

static void *kmap_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return kmap_find(m->private, pos);
}

static void kmap_stop(struct seq_file *m, void *v)
{
}

static int kmap_show(struct seq_file *m, void *v)
{
	struct kmap_iter *it = m->private;
	const struct sim_obj *o = &it->copy;

	if (v == SEQ_START_TOKEN) {
		if (it->view == VIEW_ALLOCS)
			seq_puts(m, "alloc_ip,pid,ptr,size,alloc_serial,free_serial,free_ip,type,slab,new_type\n");
		else
			seq_puts(m, "alloc_index,access_ip,pid,writes,reads\n");
		return 0;
	}

	switch (it->view) {
	case VIEW_KMAP:
		fmt_obj(it->line, sizeof(it->line), o);
		seq_puts(m, it->line);
		if (fmt_access(it->line, sizeof(it->line), o))
			seq_puts(m, it->line);
		break;
	case VIEW_ALLOCS:
		fmt_obj(it->line, sizeof(it->line), o);
		seq_puts(m, it->line);
		break;
	case VIEW_ACCESSES:
		/* pid printed unsigned, as the kernel does */
		if (shows_access(o))
			seq_printf(m, "%llu,%p,%llu,%llu,%llu\n", o->alloc_index,
				   (void *)o->free_ip,
				   (unsigned long long)(long long)o->free_pid,
				   1ULL, 0ULL);
		break;
	}
	return 0;
}

static const struct seq_operations kmap_sops = {
	.start = kmap_start,
	.next = kmap_next,
	.stop = kmap_stop,
	.show = kmap_show,
};

/*
 * newest: opening a data file stops tracing and brings the CPUs back.
 * v26: it only takes a lock (a second opener gets EBUSY) and leaves the
 * mode alone.  Older generations do neither.
 */
static int view_open(struct inode *inode, struct file *f, int view)
{
	struct kmap_iter *it;

	if (gen == GEN_V26 && atomic_cmpxchg(&view_busy, 0, 1))
		return -EBUSY;
	if (hotplugs()) {
		mutex_lock(&ctl_mutex);
		stop_tracing_locked();
		mutex_unlock(&ctl_mutex);
	}
	it = __seq_open_private(f, &kmap_sops, sizeof(*it));
	if (!it) {
		if (gen == GEN_V26)
			atomic_set(&view_busy, 0);
		return -ENOMEM;
	}
	it->view = view;
	it->live_too = READ_ONCE(log_live);
	return 0;
}

static int view_release(struct inode *inode, struct file *f)
{
	if (gen == GEN_V26)
		atomic_set(&view_busy, 0);
	return seq_release_private(inode, f);
}

static int kmap_open(struct inode *inode, struct file *f)
{
	return view_open(inode, f, VIEW_KMAP);
}

static int allocs_open(struct inode *inode, struct file *f)
{
	return view_open(inode, f, VIEW_ALLOCS);
}

static int accesses_open(struct inode *inode, struct file *f)
{
	return view_open(inode, f, VIEW_ACCESSES);
}

static const struct file_operations kmap_fops = {
	.owner = THIS_MODULE,
	.open = kmap_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = view_release,
};

static const struct file_operations allocs_fops = {
	.owner = THIS_MODULE,
	.open = allocs_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = view_release,
};

static const struct file_operations accesses_fops = {
	.owner = THIS_MODULE,
	.open = accesses_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = view_release,
};

/* ------------------------------------------------------------------ */
/* kmap_stream                                                         */

#define STREAM_BUF PAGE_SIZE

struct stream_state {
	struct mutex lock;
	size_t len, off;
	char buf[STREAM_BUF];
};

static int kstream_open(struct inode *inode, struct file *f)
{
	struct stream_state *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (!st)
		return -ENOMEM;
	mutex_init(&st->lock);
	f->private_data = st;
	return nonseekable_open(inode, f);
}

static int kstream_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

/* pop the oldest dead object into *o; false if there is none */
static bool stream_pop(struct sim_obj *o)
{
	unsigned long flags;
	u32 i;

	raw_spin_lock_irqsave(&tbl_lock, flags);
	i = dead_head;
	if (i == NIL) {
		raw_spin_unlock_irqrestore(&tbl_lock, flags);
		return false;
	}
	*o = tbl[i];
	dead_unlink(i);
	release_slot(i);
	n_streamed++;
	raw_spin_unlock_irqrestore(&tbl_lock, flags);
	return true;
}

static ssize_t kstream_read(struct file *f, char __user *ubuf, size_t len,
			   loff_t *ppos)
{
	struct stream_state *st = f->private_data;
	struct sim_obj o;
	ssize_t ret;
	size_t n;

	if (!len)
		return 0;
	if (mutex_lock_interruptible(&st->lock))
		return -ERESTARTSYS;

	while (st->off >= st->len) {
		st->off = st->len = 0;
		/* as the kernel: one freed object per read(); the ctl_mutex
		 * orders us against clears */
		mutex_lock(&ctl_mutex);
		if (stream_pop(&o)) {
			st->len += fmt_obj(st->buf, STREAM_BUF, &o);
			st->len += fmt_access(st->buf + st->len,
					      STREAM_BUF - st->len, &o);
		}
		mutex_unlock(&ctl_mutex);
		if (st->len)
			break;
		/* never EOF, and O_NONBLOCK is ignored: re-check once a
		 * second until a signal arrives */
		ret = wait_event_interruptible_timeout(stream_wq,
				READ_ONCE(unloading), HZ);
		if (ret < 0 || signal_pending(current)) {
			ret = -ERESTARTSYS;
			goto out;
		}
		if (READ_ONCE(unloading)) {
			ret = -ENODEV;
			goto out;
		}
	}
	n = min(len, st->len - st->off);
	if (copy_to_user(ubuf, st->buf + st->off, n)) {
		ret = -EFAULT;
		goto out;
	}
	st->off += n;
	ret = n;
out:
	mutex_unlock(&st->lock);
	return ret;
}

static const struct file_operations stream_fops = {
	.owner = THIS_MODULE,
	.open = kstream_open,
	.read = kstream_read,
	.release = kstream_release,
	.llseek = no_llseek,
};

/* ------------------------------------------------------------------ */
/* stats                                                               */

static int stats_show(struct seq_file *m, void *v)
{
	unsigned long flags, live, dead, rec, frees, over, acc, streamed, cleared;
	u64 ser;
	int md, root;
	unsigned int nm;

	raw_spin_lock_irqsave(&tbl_lock, flags);
	live = n_live;
	dead = n_dead;
	rec = n_recorded;
	frees = n_frees_observed;
	over = n_overwritten;
	acc = n_access_lines;
	streamed = n_streamed;
	cleared = n_cleared;
	ser = serial;
	raw_spin_unlock_irqrestore(&tbl_lock, flags);
	md = READ_ONCE(mode);
	root = READ_ONCE(mode_root);
	nm = atomic_read(&n_marks_atomic);

	seq_puts(m, "simulation: yes (memorizer_sim module on a stock kernel, no KASAN instrumentation)\n");
	seq_printf(m, "generation: %s\n", gen_name);
	seq_printf(m, "mode: %d\n", md == MODE_PID ? root : md);
	seq_printf(m, "log_accesses: %s\n", READ_ONCE(log_accesses) ? "yes" : "no");
	seq_printf(m, "log_live: %s\n", READ_ONCE(log_live) ? "yes" : "no");
	seq_printf(m, "capacity: %u\n", capacity);
	/* the fill level: slots held by objects, live or freed (a freed one
	 * holds its slot until a clear drops it); mzsh --drain watches it */
	seq_printf(m, "pool_used: %lu\n", live + dead);
	seq_printf(m, "objects_live: %lu\n", live);
	seq_printf(m, "objects_freed: %lu\n", dead);
	seq_printf(m, "objects_live_free_unrecorded: %lu\n", READ_ONCE(n_gone));
	seq_printf(m, "objects_recorded: %lu\n", rec);
	seq_printf(m, "frees_observed: %lu\n", frees);
	seq_printf(m, "frees_untracked: %ld\n", atomic_long_read(&n_untracked_frees));
	seq_printf(m, "overwritten_without_free: %lu\n", over);
	seq_printf(m, "dropped: %ld\n", atomic_long_read(&n_dropped));
	seq_printf(m, "access_lines: %lu\n", acc);
	seq_printf(m, "streamed: %lu\n", streamed);
	seq_printf(m, "cleared: %lu\n", cleared);
	seq_printf(m, "last_index: %llu\n", ser);
	seq_printf(m, "marked_tasks: %u\n", nm);
	seq_printf(m, "mark_drops: %ld\n", atomic_long_read(&n_mark_drops));
	seq_printf(m, "nmi_skipped: %ld\n", atomic_long_read(&n_nmi_skipped));
	seq_puts(m, "traced: kmalloc, kmem_cache_alloc, kfree, kmem_cache_free (kmem tracepoints; *_node calls via the node argument), fork/exit for process marks\n");
	seq_puts(m, "not traced: loads and stores (read_count is always 0; the only access recorded is the observed free as one write by the freeing pid, shown only where the generation keeps a freed object's accesses), page allocator, vmalloc, stacks, globals, memblock/bootmem, kmem_cache_*_bulk, call graph (log_calls/log_frames/clear_function_calls accepted but no effect)\n");
	seq_printf(m, "cpu hotplug and pinning: %s\n", hotplugs() ? "yes (modes 1 and 2 take CPUs but CPU0 offline)" : "no (as this generation)");
	return 0;
}

static int stats_open(struct inode *inode, struct file *f)
{
	return single_open(f, stats_show, NULL);
}

static const struct file_operations stats_fops = {
	.owner = THIS_MODULE,
	.open = stats_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/* ------------------------------------------------------------------ */
/* init / exit                                                         */

static struct dentry *dir;

/* files with no content in the simulation (call graph, globals, cfg) */
static int empty_show(struct seq_file *m, void *v)
{
	return 0;
}

static int empty_open(struct inode *inode, struct file *f)
{
	return single_open(f, empty_show, NULL);
}

/* 4.x cfgmap: read, or write anything to clear */
static ssize_t empty_write(struct file *f, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	return len;
}

static const struct file_operations empty_fops = {
	.owner = THIS_MODULE,
	.open = empty_open,
	.read = seq_read,
	.write = empty_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static bool cfg_log, stack_trace;	/* accepted, no effect */

static void create_files(void)
{
	/* modes as the kernel creates them (newest, v26); older
	 * generations' modes are not documented: the same are used */
	const umode_t rw = 0666, wo = 0222, ro = 0444;

	debugfs_create_file("memorizer_enabled", rw, dir, NULL, &enabled_fops);
	debugfs_create_file("kmap", ro, dir, NULL, &kmap_fops);
	debugfs_create_file("global_table", ro, dir, NULL, &empty_fops);
	if (!renamed()) {
		debugfs_create_file("show_stats", ro, dir, NULL, &stats_fops);
		debugfs_create_file("clear_dead_objs", wo, dir, (void *)CLEAR_DEAD, &clear_fops);
		debugfs_create_file("clear_printed_list", wo, dir, (void *)CLEAR_PRINTED, &clear_fops);
		debugfs_create_file("memorizer_log_access", rw, dir, &log_accesses, &bool_fops);
		debugfs_create_file("print_live_obj", rw, dir, &log_live, &bool_fops);
		debugfs_create_file("cfg_log_on", rw, dir, &cfg_log, &bool_fops);
		debugfs_create_file("stack_trace_on", rw, dir, &stack_trace, &bool_fops);
		if (gen == GEN_4X)
			debugfs_create_file("cfgmap", rw, dir, NULL, &empty_fops);
		else
			debugfs_create_file("verbose_warnings", rw, dir, &verbose_warnings, &bool_fops);
		return;
	}
	debugfs_create_file("log_accesses_enabled", rw, dir, &log_accesses, &bool_fops);
	debugfs_create_file("log_calls_enabled", rw, dir, &log_calls, &bool_fops);
	debugfs_create_file("log_frames_enabled", rw, dir, &log_frames, &bool_fops);
	debugfs_create_file("log_live_enabled", rw, dir, &log_live, &bool_fops);
	debugfs_create_file("verbose_warnings_enabled", rw, dir, &verbose_warnings, &bool_fops);
	debugfs_create_file("clear_dead_objects", wo, dir, (void *)CLEAR_DEAD, &clear_fops);
	debugfs_create_file("clear_printed_list", wo, dir, (void *)CLEAR_PRINTED, &clear_fops);
	debugfs_create_file("clear_function_calls", wo, dir, (void *)CLEAR_CALLS, &clear_fops);
	debugfs_create_file("stats", ro, dir, NULL, &stats_fops);
	debugfs_create_file("kmap_stream", ro, dir, NULL, &stream_fops);
	debugfs_create_file("allocations", ro, dir, NULL, &allocs_fops);
	debugfs_create_file("accesses", ro, dir, NULL, &accesses_fops);
	debugfs_create_file("function_calls", ro, dir, NULL, &empty_fops);
}

static int __init sim_init(void)
{
	unsigned int i, nb;
	int ret;

	if (stall_ms) {
		pr_warn("stalling this CPU for %u ms with preemption off (stall_ms, a test aid)\n", stall_ms);
		preempt_disable();
		mdelay(stall_ms);
		preempt_enable();
	}
	for (i = 0; i < ARRAY_SIZE(gen_names); i++)
		if (!strcmp(abi, gen_names[i].name))
			break;
	if (i == ARRAY_SIZE(gen_names)) {
		pr_err("abi must be newest, v26, v6.6-old, 4.x, current or legacy, not '%s'\n", abi);
		return -EINVAL;
	}
	gen = gen_names[i].gen;
	/* the name of the real generation, also for an alias */
	for (i = 0; i < ARRAY_SIZE(gen_names); i++)
		if (gen_names[i].gen == gen) {
			gen_name = gen_names[i].name;
			break;
		}
	if (capacity < 16 || capacity > (1U << 24)) {
		pr_err("capacity must be in 16..16777216\n");
		return -EINVAL;
	}

	tbl = vzalloc(array_size(capacity, sizeof(*tbl)));
	if (!tbl)
		return -ENOMEM;
	nbuckets_bits = max(10, ilog2(roundup_pow_of_two(capacity)));
	nb = 1U << nbuckets_bits;
	buckets = vmalloc(array_size(nb, sizeof(*buckets)));
	if (!buckets) {
		vfree(tbl);
		return -ENOMEM;
	}
	for (i = 0; i < nb; i++)
		buckets[i] = NIL;
	for (i = capacity; i-- > 0; ) {
		tbl[i].hnext = NIL;
		tbl[i].lprev = NIL;
		tbl[i].lnext = free_head;
		free_head = i;
	}

	dir = debugfs_create_dir("memorizer", NULL);
	if (IS_ERR_OR_NULL(dir)) {
		pr_err("cannot create debugfs directory (exists already?)\n");
		ret = dir ? PTR_ERR(dir) : -ENOMEM;
		goto err_mem;
	}
	create_files();

	ret = register_tps();
	if (ret)
		goto err_fs;

	schedule_delayed_work(&heap_work, HZ);
	pr_info("loaded: abi=%s capacity=%u (%zu KiB table); simulation, no load/store tracing\n",
		gen_name, capacity,
		(size_t)capacity * sizeof(*tbl) / 1024);
	return 0;

err_fs:
	debugfs_remove_recursive(dir);
err_mem:
	vfree(buckets);
	vfree(tbl);
	return ret;
}

static void __exit sim_exit(void)
{
	WRITE_ONCE(mode, 0);
	WRITE_ONCE(unloading, true);
	cancel_delayed_work_sync(&heap_work);
	if (hotplugs())
		cpus_all_online();
	wake_up_all(&stream_wq);
	/* files are gone (and no file op runs) once this returns */
	debugfs_remove_recursive(dir);
	/* no probe runs once this returns */
	unregister_tps();
	vfree(buckets);
	vfree(tbl);
	pr_info("unloaded\n");
}

module_init(sim_init);
module_exit(sim_exit);
