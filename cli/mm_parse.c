// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of mm-get replies and notifications, and the reassembly of a
 * dump.  Every attribute is checked for its type and length before use;
 * a malformed message rejects the whole answer with -EPROTO, unknown
 * attributes are skipped so a newer module still works.  Nothing has a
 * fixed size: the comm, the bitmap and the entries are allocated as the
 * message says.  Entries must come in the spec's order (ascending cpu
 * id, ascending tid, ascending pid in a dump), which also catches a
 * message sent twice.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <rseq_cid.h>
#include "mm.h"
#include "nl.h"

/* Room for one more entry in *@arr, doubling; the array or NULL. */
static void *grow(void **arr, size_t *cap, size_t nr, size_t size)
{
	size_t n = *cap ? *cap * 2 : 16;
	void *p;

	if (nr < *cap)
		return *arr;
	if (n > SIZE_MAX / size)
		return NULL;
	p = realloc(*arr, n * size);
	if (p) {
		*arr = p;
		*cap = n;
	}
	return p;
}

static int cpu_cb(const struct nlattr *attr, void *data)
{
	struct rc_cpu *c = data;

	switch (mnl_attr_get_type(attr)) {
	case RSEQ_CID_A_CPU_ID:
		return get_u32(attr, &c->id);
	case RSEQ_CID_A_CPU_CID:
		return get_u32(attr, &c->cid);
	case RSEQ_CID_A_CPU_STATE:
		return get_u32(attr, &c->state);
	}
	return 0;
}

static int task_cb(const struct nlattr *attr, void *data)
{
	struct rc_task *t = data;

	switch (mnl_attr_get_type(attr)) {
	case RSEQ_CID_A_TASK_TID:
		return get_u32(attr, &t->tid);
	case RSEQ_CID_A_TASK_CID:
		t->has_cid = true;
		return get_u32(attr, &t->cid);
	case RSEQ_CID_A_TASK_STATE:
		return get_u32(attr, &t->state);
	case RSEQ_CID_A_TASK_CPU:
		return get_u32(attr, &t->cpu);
	case RSEQ_CID_A_TASK_RUNNING:
		return get_flag(attr, &t->running);
	}
	return 0;
}

static int add_cpu(struct rc_mm *mm, const struct nlattr *attr)
{
	struct rc_cpu c = {};

	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
	    parse_attrs(mnl_attr_get_payload(attr), mnl_attr_get_payload_len(attr), cpu_cb, &c))
		return -EPROTO;
	if (mm->nr_cpus && c.id <= mm->cpus[mm->nr_cpus - 1].id)
		return -EPROTO;
	if (!grow((void **)&mm->cpus, &mm->cap_cpus, mm->nr_cpus, sizeof(c)))
		return -ENOMEM;
	mm->cpus[mm->nr_cpus++] = c;
	return 0;
}

static int add_task(struct rc_mm *mm, const struct nlattr *attr)
{
	struct rc_task t = {};

	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
	    parse_attrs(mnl_attr_get_payload(attr), mnl_attr_get_payload_len(attr), task_cb, &t))
		return -EPROTO;
	if (!t.tid || (mm->nr_tasks && t.tid <= mm->tasks[mm->nr_tasks - 1].tid))
		return -EPROTO;
	if (!grow((void **)&mm->tasks, &mm->cap_tasks, mm->nr_tasks, sizeof(t)))
		return -ENOMEM;
	mm->tasks[mm->nr_tasks++] = t;
	return 0;
}

struct mm_parse {
	struct rc_mm *mm;
	u32 seen;	/* bit n: attribute n was present */
};

static int mm_cb(const struct nlattr *attr, void *data)
{
	struct mm_parse *mp = data;
	struct rc_mm *mm = mp->mm;
	unsigned int type = mnl_attr_get_type(attr);

	if (type < 32)
		mp->seen |= 1U << type;
	switch (type) {
	case RSEQ_CID_A_MM_PID:
		return get_u32(attr, &mm->pid);
	case RSEQ_CID_A_MM_COMM:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return -EPROTO;
		free(mm->comm);
		mm->comm = strdup(mnl_attr_get_str(attr));
		return mm->comm ? 0 : -ENOMEM;
	case RSEQ_CID_A_MM_MODE:
		return get_u32(attr, &mm->mode);
	case RSEQ_CID_A_MM_USERS:
		return get_u32(attr, &mm->users);
	case RSEQ_CID_A_MM_MAX_CIDS:
		return get_u32(attr, &mm->max_cids);
	case RSEQ_CID_A_MM_PCPU_THRS:
		return get_u32(attr, &mm->pcpu_thrs);
	case RSEQ_CID_A_MM_NR_CPUS_ALLOWED:
		return get_u32(attr, &mm->nr_cpus_allowed);
	case RSEQ_CID_A_MM_TRANSITIONS:
		return get_u64(attr, &mm->transitions);
	case RSEQ_CID_A_MM_CIDS_IN_USE:
		return get_u32(attr, &mm->cids_in_use);
	case RSEQ_CID_A_MM_NR_CPU_IDS:
		return get_u32(attr, &mm->nr_cpu_ids);
	case RSEQ_CID_A_MM_CID_BITMAP:
		free(mm->bitmap);
		mm->bitmap_len = mnl_attr_get_payload_len(attr);
		mm->bitmap = malloc(mm->bitmap_len ? mm->bitmap_len : 1);
		if (!mm->bitmap)
			return -ENOMEM;
		memcpy(mm->bitmap, mnl_attr_get_payload(attr), mm->bitmap_len);
		return 0;
	case RSEQ_CID_A_MM_CPU:
		return add_cpu(mm, attr);
	case RSEQ_CID_A_MM_TASK:
		return add_task(mm, attr);
	case RSEQ_CID_A_MM_CONTINUED:
		return get_flag(attr, &mm->continued);
	}
	return 0;
}

#define SEEN(a)	(1U << RSEQ_CID_A_MM_##a)

/*
 * One message into @mm.  Every message names its process; a bitmap comes
 * with its bit count and has exactly the bytes for it; a continued
 * message carries nothing but pid, continued and tasks.
 */
int rc_parse_mm(const void *payload, size_t len, struct rc_mm *mm)
{
	struct mm_parse mp = { .mm = mm };
	int ret;

	memset(mm, 0, sizeof(*mm));
	ret = parse_attrs(payload, len, mm_cb, &mp);
	if (!ret && !mm->pid)
		ret = -EPROTO;
	if (!ret && (mp.seen & SEEN(CID_BITMAP)) &&
	    (!(mp.seen & SEEN(NR_CPU_IDS)) || mm->bitmap_len != (mm->nr_cpu_ids + 7ULL) / 8))
		ret = -EPROTO;
	if (!ret && mm->continued && (mp.seen & ~(SEEN(PID) | SEEN(CONTINUED) | SEEN(TASK) |
						  SEEN(PAD) | ~((2U << RSEQ_CID_A_MM_MAX) - 1))))
		ret = -EPROTO;
	if (ret)
		rc_mm_free(mm);
	return ret;
}

/* Append the tasks of @more to @mm, which they continue. */
static int merge(struct rc_mm *mm, struct rc_mm *more)
{
	size_t n = mm->nr_tasks + more->nr_tasks;
	void *p;

	if (more->pid != mm->pid ||
	    (mm->nr_tasks && more->nr_tasks &&
	     more->tasks[0].tid <= mm->tasks[mm->nr_tasks - 1].tid))
		return -EPROTO;
	if (n > mm->cap_tasks) {
		if (n > SIZE_MAX / sizeof(*mm->tasks))
			return -ENOMEM;
		p = realloc(mm->tasks, n * sizeof(*mm->tasks));
		if (!p)
			return -ENOMEM;
		mm->tasks = p;
		mm->cap_tasks = n;
	}
	if (more->nr_tasks)
		memcpy(mm->tasks + mm->nr_tasks, more->tasks,
		       more->nr_tasks * sizeof(*more->tasks));
	mm->nr_tasks = n;
	return 0;
}

/*
 * One dump message into @arg (a struct rc_mm_list): a new mm, in pid
 * order, or more tasks of the last one (continued, same pid).
 */
int rc_mm_list_add(const void *payload, size_t len, void *arg)
{
	struct rc_mm_list *list = arg;
	struct rc_mm mm, *last = list->nr ? &list->mms[list->nr - 1] : NULL;
	int ret = rc_parse_mm(payload, len, &mm);

	if (ret)
		return ret;
	if (mm.continued) {
		ret = last ? merge(last, &mm) : -EPROTO;
		rc_mm_free(&mm);
		return ret;
	}
	if (last && mm.pid <= last->pid)
		ret = -EPROTO;
	else if (!grow((void **)&list->mms, &list->cap, list->nr, sizeof(mm)))
		ret = -ENOMEM;
	if (ret) {
		rc_mm_free(&mm);
		return ret;
	}
	list->mms[list->nr++] = mm;
	return 0;
}

void rc_mm_free(struct rc_mm *mm)
{
	free(mm->comm);
	free(mm->bitmap);
	free(mm->cpus);
	free(mm->tasks);
	memset(mm, 0, sizeof(*mm));
}

void rc_mm_list_free(struct rc_mm_list *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		rc_mm_free(&list->mms[i]);
	free(list->mms);
	memset(list, 0, sizeof(*list));
}
