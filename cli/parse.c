// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of rseq-cid replies.  Every attribute is checked for its type
 * and length before use (mnl_attr_validate); a reply with a malformed
 * attribute is rejected as a whole with -EPROTO, unknown attributes are
 * skipped so a newer module still works.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <rseq_cid.h>
#include "nl.h"

/* Walk the attributes in @payload; any truncated one fails the parse. */
static int parse_attrs(const void *payload, size_t len, mnl_attr_cb_t cb, void *data)
{
	const struct nlattr *attr = payload;
	long rem = len;

	while (rem > 0) {
		if (!mnl_attr_ok(attr, rem) || cb(attr, data) != MNL_CB_OK)
			return -EPROTO;
		rem -= MNL_ALIGN(attr->nla_len);
		attr = mnl_attr_next(attr);
	}
	return 0;
}

static int get_u32(const struct nlattr *attr, u32 *v)
{
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_ERROR;
	*v = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int get_u64(const struct nlattr *attr, u64 *v)
{
	if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
		return MNL_CB_ERROR;
	*v = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

/* The rseq-* attributes are consecutive, in enum rc_rseq_counter order. */
static_assert(RSEQ_CID_A_STATS_RSEQ_FIXUP - RSEQ_CID_A_STATS_RSEQ_EXIT == RC_RSEQ_NR - 1,
	      "rseq counter attributes out of step with enum rc_rseq_counter");

struct stats_parse {
	struct rc_stats *st;
	unsigned int rseq_seen;	/* bit n: counter n was present */
};

static int stats_cb(const struct nlattr *attr, void *data)
{
	struct stats_parse *sp = data;
	struct rc_stats *st = sp->st;
	unsigned int type = mnl_attr_get_type(attr);

	if (type >= RSEQ_CID_A_STATS_RSEQ_EXIT && type <= RSEQ_CID_A_STATS_RSEQ_FIXUP) {
		type -= RSEQ_CID_A_STATS_RSEQ_EXIT;
		sp->rseq_seen |= 1U << type;
		return get_u64(attr, &st->rseq[type]);
	}
	switch (type) {
	case RSEQ_CID_A_STATS_MMS:
		return get_u32(attr, &st->mms);
	case RSEQ_CID_A_STATS_PER_TASK_MMS:
		return get_u32(attr, &st->per_task_mms);
	case RSEQ_CID_A_STATS_PER_CPU_MMS:
		return get_u32(attr, &st->per_cpu_mms);
	case RSEQ_CID_A_STATS_USERS:
		return get_u32(attr, &st->users);
	case RSEQ_CID_A_STATS_TRANSITIONS:
		return get_u64(attr, &st->transitions);
	case RSEQ_CID_A_STATS_NOTIFICATIONS:
		return get_u64(attr, &st->notifications);
	}
	return MNL_CB_OK;
}

/*
 * The module sends all rseq counters or none (kernel without
 * CONFIG_RSEQ_STATS); some but not all is a malformed reply.
 */
int rc_parse_stats(const void *payload, size_t len, struct rc_stats *st)
{
	struct stats_parse sp = { .st = st };
	int ret;

	memset(st, 0, sizeof(*st));
	ret = parse_attrs(payload, len, stats_cb, &sp);
	if (ret)
		return ret;
	if (sp.rseq_seen && sp.rseq_seen != (1U << RC_RSEQ_NR) - 1)
		return -EPROTO;
	st->has_rseq = sp.rseq_seen != 0;
	return 0;
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
	return MNL_CB_OK;
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
		if (mnl_attr_validate(attr, MNL_TYPE_FLAG) < 0)
			return MNL_CB_ERROR;
		t->running = true;
		return MNL_CB_OK;
	}
	return MNL_CB_OK;
}

/* Append one nested entry of @size bytes to *@array, parsed by @cb. */
static int add_nested(const struct nlattr *attr, void **array, unsigned int *nr,
		      size_t size, mnl_attr_cb_t cb)
{
	void *grown, *entry;

	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 || *nr >= 65536)
		return MNL_CB_ERROR;
	grown = realloc(*array, (*nr + 1) * size);
	if (!grown)
		return MNL_CB_ERROR;
	*array = grown;
	entry = (char *)grown + *nr * size;
	memset(entry, 0, size);
	if (parse_attrs(mnl_attr_get_payload(attr), mnl_attr_get_payload_len(attr), cb, entry))
		return MNL_CB_ERROR;
	(*nr)++;
	return MNL_CB_OK;
}

static int mm_cb(const struct nlattr *attr, void *data)
{
	struct rc_mm *mm = data;
	u16 len;

	switch (mnl_attr_get_type(attr)) {
	case RSEQ_CID_A_MM_PID:
		return get_u32(attr, &mm->pid);
	case RSEQ_CID_A_MM_COMM:
		/* Validated: NUL-terminated and no longer than comm. */
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
		    mnl_attr_get_payload_len(attr) > sizeof(mm->comm))
			return MNL_CB_ERROR;
		memcpy(mm->comm, mnl_attr_get_str(attr), mnl_attr_get_payload_len(attr));
		return MNL_CB_OK;
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
	case RSEQ_CID_A_MM_CID_BITMAP:
		len = mnl_attr_get_payload_len(attr);
		if (len > sizeof(mm->bitmap))
			return MNL_CB_ERROR;
		memcpy(mm->bitmap, mnl_attr_get_payload(attr), len);
		mm->bitmap_len = len;
		return MNL_CB_OK;
	case RSEQ_CID_A_MM_CPU:
		return add_nested(attr, (void **)&mm->cpus, &mm->nr_cpus,
				  sizeof(*mm->cpus), cpu_cb);
	case RSEQ_CID_A_MM_TASK:
		return add_nested(attr, (void **)&mm->tasks, &mm->nr_tasks,
				  sizeof(*mm->tasks), task_cb);
	}
	return MNL_CB_OK;
}

int rc_parse_mm(const void *payload, size_t len, struct rc_mm *mm)
{
	int ret;

	memset(mm, 0, sizeof(*mm));
	ret = parse_attrs(payload, len, mm_cb, mm);
	if (!ret && !mm->pid)
		ret = -EPROTO;	/* every mm message names its process */
	if (ret)
		rc_mm_free(mm);
	return ret;
}

void rc_mm_free(struct rc_mm *mm)
{
	free(mm->cpus);
	free(mm->tasks);
	mm->cpus = NULL;
	mm->tasks = NULL;
	mm->nr_cpus = 0;
	mm->nr_tasks = 0;
}

void rc_mm_list_free(struct rc_mm_list *list)
{
	unsigned int i;

	for (i = 0; i < list->nr; i++)
		rc_mm_free(&list->mms[i]);
	free(list->mms);
	list->mms = NULL;
	list->nr = 0;
}
