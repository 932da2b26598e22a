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
 *   abi=current|legacy  file-name generation and kmap format
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
/* parameters                                                          */

static char *abi = "current";
module_param(abi, charp, 0444);
MODULE_PARM_DESC(abi, "file-name generation and kmap format: current (default) or legacy");

static unsigned int capacity = 65536;
module_param(capacity, uint, 0444);
MODULE_PARM_DESC(capacity, "fixed number of objects the table holds (default 65536); more are counted as dropped");

static bool legacy;

/* ------------------------------------------------------------------ */
/* allocation types (codes from the Memorizer ABI)                     */

enum sim_alloc_type {
	AT_KMALLOC = 0x7,
	AT_KMALLOC_ND = 0x8,
	AT_KMEM_CACHE = 0x9,
	AT_KMEM_CACHE_ND = 0xA,
	AT_NONE = 0x1A,
};

static const char *type_name(u8 t)
{
	switch (t) {
	case AT_KMALLOC:	return "KMALLOC";
	case AT_KMALLOC_ND:	return "KMALLOC_ND";
	case AT_KMEM_CACHE:	return "KMEM_CACHE";
	case AT_KMEM_CACHE_ND:	return "KMEM_CACHE_ND";
	default:		return "";
	}
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
	u8 printed;
	u8 has_access;		/* the free was logged as one write */
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
static unsigned long n_streamed, n_cleared;
static atomic_long_t n_dropped = ATOMIC_LONG_INIT(0);
static atomic_long_t n_untracked_frees = ATOMIC_LONG_INIT(0);
static atomic_long_t n_nmi_skipped = ATOMIC_LONG_INIT(0);

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
	o->pid = task_pid_nr(current);
	if (in_hardirq()) {
		strscpy(o->comm, "hardirq", sizeof(o->comm));
	} else if (in_serving_softirq()) {
		strscpy(o->comm, "softirq", sizeof(o->comm));
	} else {
		char *c;

		memcpy(o->comm, current->comm, sizeof(o->comm));
		o->comm[sizeof(o->comm) - 1] = '\0';
		/* keep the CSV field count intact */
		for (c = o->comm; *c; c++)
			if (*c == ',' || *c == '\n' || *c == '\r')
				*c = '_';
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
		raw_spin_unlock_irqrestore(&tbl_lock, flags);
		atomic_long_inc(&n_dropped);
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
	bool log_access;
	u32 i, *link;
	int m = READ_ONCE(mode);

	if (likely(!m) || ZERO_OR_NULL_PTR(ptr))
		return;
	if (unlikely(in_nmi())) {
		atomic_long_inc(&n_nmi_skipped);
		return;
	}
	/* The free of a tracked object is recorded whoever frees it; the free
	 * is reported as an access only if the freeing context is traced. */
	log_access = READ_ONCE(log_accesses) && context_traced(m);

	raw_spin_lock_irqsave(&tbl_lock, flags);
	i = hash_find(p, &link);
	if (i == NIL) {
		raw_spin_unlock_irqrestore(&tbl_lock, flags);
		atomic_long_inc(&n_untracked_frees);
		return;
	}
	serial++;
	tbl[i].free_ip = call_site;
	tbl[i].free_index = serial;
	if (log_access) {
		tbl[i].has_access = 1;
		tbl[i].free_pid = task_pid_nr(current);
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
	if (likely(!READ_ONCE(mode)))
		return;
	record_free(call_site, ptr);
}

static void probe_kmem_cache_free(void *data, unsigned long call_site,
				  const void *ptr, const struct kmem_cache *s)
{
	if (likely(!READ_ONCE(mode)))
		return;
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

	switch (m) {
	case 1:
		n = scnprintf(buf, sizeof(buf),
			      "1 - memorizer enabled, all processes (simulation: CPUs stay online)\n");
		break;
	case 2:
		n = scnprintf(buf, sizeof(buf),
			      "2 - memorizer enabled, marked processes and irq context, proc root = %d\n",
			      root);
		break;
	case 3:
		n = scnprintf(buf, sizeof(buf),
			      "3 - memorizer enabled, marked processes, no irq, proc root = %d\n",
			      root);
		break;
	case MODE_PID:
		n = scnprintf(buf, sizeof(buf),
			      "%d - memorizer enabled, pid %d and its later children\n",
			      root, root);
		break;
	default:
		n = scnprintf(buf, sizeof(buf), "0 - memorizer disabled\n");
		break;
	}
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static ssize_t enabled_write(struct file *f, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	int v, ret, newmode;
	pid_t target = 0;

	ret = kstrtoint_from_user(ubuf, len, 10, &v);
	if (ret)
		return ret;
	if (v < 0)
		return -EINVAL;
	if (v > 3) {
		struct task_struct *t;

		rcu_read_lock();
		t = pid_task(find_vpid(v), PIDTYPE_PID);
		if (t)
			target = t->pid;
		rcu_read_unlock();
		if (!target)
			return -ESRCH;
		newmode = MODE_PID;
	} else {
		newmode = v;
		if (v == 2 || v == 3)
			target = current->pid;
	}

	mutex_lock(&ctl_mutex);
	if (target) {
		mark_add(target);
		mode_root = target;
	}
	WRITE_ONCE(mode, newmode);
	mutex_unlock(&ctl_mutex);
	pr_debug("memorizer_enabled -> %d (root %d)\n", newmode, target);
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
	int ret = kstrtobool_from_user(ubuf, len, &v);

	if (ret)
		return ret;
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

static ssize_t clear_write(struct file *f, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	long what = (long)f->private_data;

	mutex_lock(&ctl_mutex);
	if (what == CLEAR_DEAD)
		clear_dead(false);
	else if (what == CLEAR_PRINTED)
		clear_dead(true);
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

/* object line of the kmap (without newline handling: includes '\n') */
static int fmt_obj(char *buf, size_t sz, const struct sim_obj *o)
{
	unsigned long fip = o->free_ip;

	if (legacy)
		return scnprintf(buf, sz, "%lx,%d,%lx,%lu,%llu,%llu,%lx,%s\n",
				 o->alloc_ip, o->pid, o->ptr, o->size,
				 o->alloc_index, o->free_index, fip, o->comm);
	return scnprintf(buf, sz, "%lx,%d,%lx,%lu,%llu,%llu,%lx,%s,%s,%s,%s\n",
			 o->alloc_ip, o->pid, o->ptr, o->size, o->alloc_index,
			 o->free_index, fip, type_name(o->type), o->comm,
			 o->slab[0] ? o->slab : "no-slab",
			 fip == OVERWRITTEN_FREE_IP ? type_name(o->new_type) : "");
}

/* access line(s): only the observed free, as one write by the freeing pid */
static int fmt_access(char *buf, size_t sz, const struct sim_obj *o)
{
	if (!o->has_access)
		return 0;
	if (legacy)
		return scnprintf(buf, sz, "  %lx,%d,%u,%u\n",
				 o->free_ip, o->free_pid, 1, 0);
	return scnprintf(buf, sz, "  %lx,%u,%u,%d\n",
			 o->free_ip, 1, 0, o->free_pid);
}

#define REC_MAX 256

/* ------------------------------------------------------------------ */
/* kmap / allocations / accesses (seq_file, iterate by slot)           */

enum { VIEW_KMAP, VIEW_ALLOCS, VIEW_ACCESSES };

struct kmap_iter {
	int view;
	struct sim_obj copy;
	char line[REC_MAX];
};

/* position p: for CSV views p == 0 is the header, slot = p - 1 */
static inline unsigned int view_hdr(const struct kmap_iter *it)
{
	return it->view == VIEW_KMAP ? 0 : 1;
}

static void *kmap_find(struct kmap_iter *it, loff_t *pos)
{
	unsigned long flags;
	loff_t p = *pos;
	unsigned int h = view_hdr(it);
	bool live_too = READ_ONCE(log_live);

	for (; p - h < capacity; p++) {
		u32 s = p - h;
		u8 st = READ_ONCE(tbl[s].state);

		if (st == ST_UNUSED || (st == ST_LIVE && !live_too))
			continue;
		raw_spin_lock_irqsave(&tbl_lock, flags);
		st = tbl[s].state;
		if (st == ST_DEAD || (st == ST_LIVE && live_too)) {
			/* only a reported free counts as "printed": an object
			 * shown while live and freed later is kept for the
			 * next report */
			if (st == ST_DEAD)
				tbl[s].printed = 1;
			it->copy = tbl[s];
			raw_spin_unlock_irqrestore(&tbl_lock, flags);
			*pos = p;
			return it;
		}
		raw_spin_unlock_irqrestore(&tbl_lock, flags);
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
			seq_puts(m, legacy ?
				 "alloc_ip,pid,ptr,size,alloc_serial,free_serial,free_ip,command\n" :
				 "alloc_ip,pid,ptr,size,alloc_serial,free_serial,free_ip,type,command,slab,new_type\n");
		else
			seq_puts(m, "alloc_serial,access_ip,pid,writes,reads\n");
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
		if (o->has_access)
			seq_printf(m, "%llu,%lx,%d,%u,%u\n", o->alloc_index,
				   o->free_ip, o->free_pid, 1, 0);
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

static int view_open(struct file *f, int view)
{
	struct kmap_iter *it;

	it = __seq_open_private(f, &kmap_sops, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->view = view;
	return 0;
}

static int kmap_open(struct inode *inode, struct file *f)
{
	/* as on the real Memorizer, opening the kmap disables tracing */
	mutex_lock(&ctl_mutex);
	WRITE_ONCE(mode, 0);
	mutex_unlock(&ctl_mutex);
	return view_open(f, VIEW_KMAP);
}

static int allocs_open(struct inode *inode, struct file *f)
{
	return view_open(f, VIEW_ALLOCS);
}

static int accesses_open(struct inode *inode, struct file *f)
{
	return view_open(f, VIEW_ACCESSES);
}

static const struct file_operations kmap_fops = {
	.owner = THIS_MODULE,
	.open = kmap_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release_private,
};

static const struct file_operations allocs_fops = {
	.owner = THIS_MODULE,
	.open = allocs_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release_private,
};

static const struct file_operations accesses_fops = {
	.owner = THIS_MODULE,
	.open = accesses_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release_private,
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
		/* fill the buffer with as many whole records as fit; the
		 * ctl_mutex orders us against clears */
		mutex_lock(&ctl_mutex);
		while (st->len + REC_MAX <= STREAM_BUF && st->len < len &&
		       stream_pop(&o)) {
			st->len += fmt_obj(st->buf + st->len,
					   STREAM_BUF - st->len, &o);
			st->len += fmt_access(st->buf + st->len,
					      STREAM_BUF - st->len, &o);
		}
		mutex_unlock(&ctl_mutex);
		if (st->len)
			break;
		if (f->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			goto out;
		}
		/* never EOF: wait for freed objects until a signal arrives */
		ret = wait_event_interruptible_timeout(stream_wq,
				READ_ONCE(n_dead) || READ_ONCE(unloading),
				HZ / 10);
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
	seq_printf(m, "generation: %s\n", legacy ? "legacy" : "current");
	seq_printf(m, "mode: %d\n", md == MODE_PID ? root : md);
	seq_printf(m, "log_accesses: %s\n", READ_ONCE(log_accesses) ? "yes" : "no");
	seq_printf(m, "log_live: %s\n", READ_ONCE(log_live) ? "yes" : "no");
	seq_printf(m, "capacity: %u\n", capacity);
	seq_printf(m, "objects_live: %lu\n", live);
	seq_printf(m, "objects_freed: %lu\n", dead);
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
	seq_puts(m, "not traced: loads and stores (read_count is always 0; the only access reported is the observed free as one write by the freeing pid), page allocator, vmalloc, stacks, globals, memblock/bootmem, kmem_cache_*_bulk, call graph (log_calls/log_frames/clear_function_calls accepted but no effect)\n");
	seq_puts(m, "mode 1: CPUs are not taken offline; mode 3: tasks are not pinned to CPU0\n");
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

static void create_files(void)
{
	const umode_t rw = 0644, wo = 0200, ro = 0444;

	debugfs_create_file("memorizer_enabled", rw, dir, NULL, &enabled_fops);
	if (legacy) {
		debugfs_create_file("memorizer_log_access", rw, dir, &log_accesses, &bool_fops);
		debugfs_create_file("print_live_obj", rw, dir, &log_live, &bool_fops);
		debugfs_create_file("clear_dead_objs", wo, dir, (void *)CLEAR_DEAD, &clear_fops);
		debugfs_create_file("clear_printed_list", wo, dir, (void *)CLEAR_PRINTED, &clear_fops);
		debugfs_create_file("kmap", ro, dir, NULL, &kmap_fops);
		debugfs_create_file("stats", ro, dir, NULL, &stats_fops);
		return;
	}
	debugfs_create_file("log_accesses_enabled", rw, dir, &log_accesses, &bool_fops);
	debugfs_create_file("log_live_enabled", rw, dir, &log_live, &bool_fops);
	debugfs_create_file("clear_dead_objects", wo, dir, (void *)CLEAR_DEAD, &clear_fops);
	debugfs_create_file("clear_printed_objects", wo, dir, (void *)CLEAR_PRINTED, &clear_fops);
	debugfs_create_file("log_calls_enabled", rw, dir, &log_calls, &bool_fops);
	debugfs_create_file("log_frames_enabled", rw, dir, &log_frames, &bool_fops);
	debugfs_create_file("clear_function_calls", wo, dir, (void *)CLEAR_CALLS, &clear_fops);
	debugfs_create_file("verbose_warnings_enabled", rw, dir, &verbose_warnings, &bool_fops);
	debugfs_create_file("kmap", ro, dir, NULL, &kmap_fops);
	debugfs_create_file("kmap_stream", ro, dir, NULL, &stream_fops);
	debugfs_create_file("allocations", ro, dir, NULL, &allocs_fops);
	debugfs_create_file("accesses", ro, dir, NULL, &accesses_fops);
	debugfs_create_file("stats", ro, dir, NULL, &stats_fops);
}

static int __init sim_init(void)
{
	unsigned int i, nb;
	int ret;

	if (!strcmp(abi, "legacy")) {
		legacy = true;
	} else if (strcmp(abi, "current")) {
		pr_err("abi must be 'current' or 'legacy', not '%s'\n", abi);
		return -EINVAL;
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

	pr_info("loaded: abi=%s capacity=%u (%zu KiB table); simulation, no load/store tracing\n",
		legacy ? "legacy" : "current", capacity,
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
