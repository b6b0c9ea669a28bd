// SPDX-License-Identifier: GPL-2.0
/*
 * The rseqctl commands: stats (once, per interval, Prometheus), mm list,
 * mm show, monitor.  Each prints only after its netlink exchange has
 * fully succeeded, so output is never a partial answer.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"

/* The rseq counters, each but exits also as a share of the exits. */
static void rseq_text(const struct rc_stats *st)
{
	u64 exits = st->rseq[RC_RSEQ_EXIT];
	unsigned int i;

	if (!st->has_rseq) {
		printf("rseq counters unavailable (kernel without CONFIG_RSEQ_STATS)\n");
		return;
	}
	printf("rseq %-8s %llu\n", rseq_counter_name(RC_RSEQ_EXIT), (unsigned long long)exits);
	for (i = RC_RSEQ_EXIT + 1; i < RC_RSEQ_NR; i++)
		printf("rseq %-8s %llu (%.4f%% of exits)\n", rseq_counter_name(i),
		       (unsigned long long)st->rseq[i],
		       exits ? 100.0 * st->rseq[i] / exits : 0.0);
}

static void stats_text(const struct rc_stats *st)
{
	printf("mms %u (per-task %u, per-cpu %u)\nusers %u\ntransitions %llu\nnotifications %llu\n",
	       st->mms, st->per_task_mms, st->per_cpu_mms, st->users,
	       (unsigned long long)st->transitions, (unsigned long long)st->notifications);
	rseq_text(st);
}

/* Counters can only grow while the same processes live; clamp otherwise. */
static unsigned long long delta(u64 now, u64 then)
{
	return now >= then ? now - then : 0;
}

static void interval_text(unsigned int secs, const struct rc_stats *now,
			  unsigned long long dt, unsigned long long dn, const u64 *drseq)
{
	unsigned int i;

	printf("interval %us: mms %u users %u", secs, now->mms, now->users);
	printf(" transitions +%llu (%.2f/s) notifications +%llu (%.2f/s)\n",
	       dt, (double)dt / secs, dn, (double)dn / secs);
	for (i = 0; now->has_rseq && i < RC_RSEQ_NR; i++)
		printf("  rseq %-8s +%llu (%.2f/s)\n", rseq_counter_name(i),
		       (unsigned long long)drseq[i], (double)drseq[i] / secs);
	fflush(stdout);
}

static void interval_out(const struct opts *o, unsigned int secs,
			 const struct rc_stats *now, const struct rc_stats *then)
{
	unsigned long long dt = delta(now->transitions, then->transitions);
	unsigned long long dn = delta(now->notifications, then->notifications);
	bool rseq = now->has_rseq && then->has_rseq;
	u64 drseq[RC_RSEQ_NR];
	unsigned int i;
	json_t *doc;

	for (i = 0; i < RC_RSEQ_NR; i++)
		drseq[i] = delta(now->rseq[i], then->rseq[i]);
	if (!o->json) {
		interval_text(secs, now, dt, dn, drseq);
		return;
	}
	doc = json_doc();
	json_object_set_new(doc, "interval_s", json_integer(secs));
	json_object_set_new(doc, "stats", stats_json(now));
	json_object_set_new(doc, "deltas", json_pack("{s:I, s:I, s:o}", "transitions",
						     (json_int_t)dt, "notifications",
						     (json_int_t)dn, "rseq",
						     rseq_json(rseq, drseq, 0)));
	json_object_set_new(doc, "rates",
			    json_pack("{s:f, s:f, s:o}",
				      "transitions_per_s", (double)dt / secs,
				      "notifications_per_s", (double)dn / secs,
				      "rseq_per_s", rseq_json(rseq, drseq, secs)));
	json_emit(o, doc);
}

int cmd_stats(struct nl *nl, const struct cmdline *cl)
{
	struct rc_stats st, prev;
	unsigned int n;
	json_t *doc;
	int ret;

	ret = nl_stats(nl, &st);
	if (ret)
		return nl_fail(nl, &cl->o, ret, "stats");
	if (cl->format == FMT_PROMETHEUS) {
		prom_stats(stdout, &st);
		return 0;
	}
	if (!cl->interval) {
		if (!cl->o.json) {
			stats_text(&st);
			return 0;
		}
		doc = json_doc();
		json_object_set_new(doc, "stats", stats_json(&st));
		json_emit(&cl->o, doc);
		return 0;
	}
	for (n = 0; !cl->count || n < cl->count; n++) {
		prev = st;
		sleep(cl->interval);
		ret = nl_stats(nl, &st);
		if (ret)
			return nl_fail(nl, &cl->o, ret, "stats");
		interval_out(&cl->o, cl->interval, &st, &prev);
	}
	return 0;
}

int cmd_mm_list(struct nl *nl, const struct cmdline *cl)
{
	struct rc_mm_list list;
	json_t *doc, *arr;
	unsigned int i;
	int ret;

	ret = nl_mm_dump(nl, &list);
	if (ret)
		return nl_fail(nl, &cl->o, ret, "mm list");
	if (cl->o.json) {
		doc = json_doc();
		arr = json_array();
		for (i = 0; i < list.nr; i++)
			json_array_append_new(arr, mm_summary_json(&list.mms[i]));
		json_object_set_new(doc, "mms", arr);
		json_emit(&cl->o, doc);
	} else {
		printf("%-8s %-16s %-11s %5s %8s %11s\n", "PID", "COMM", "MODE", "USERS",
		       "MAX_CIDS", "CIDS_IN_USE");
		for (i = 0; i < list.nr; i++) {
			const struct rc_mm *mm = &list.mms[i];

			printf("%-8u %-16s %-11s %5u %8u %11u\n", mm->pid, mm->comm,
			       rseq_cid_mode_name(mm->mode), mm->users, mm->max_cids,
			       mm->cids_in_use);
		}
	}
	rc_mm_list_free(&list);
	return 0;
}

static void mm_show_text(const struct rc_mm *mm)
{
	char list[512];
	unsigned int i;

	format_cidlist(mm->bitmap, mm->bitmap_len, list, sizeof(list));
	printf("pid %u comm %s\n", mm->pid, mm->comm);
	printf("  mode %s users %u max_cids %u pcpu_thrs %u nr_cpus_allowed %u transitions %llu\n",
	       rseq_cid_mode_name(mm->mode), mm->users, mm->max_cids, mm->pcpu_thrs,
	       mm->nr_cpus_allowed, (unsigned long long)mm->transitions);
	printf("  cids %s (%u in use)\n", list[0] ? list : "none", mm->cids_in_use);
	for (i = 0; i < mm->nr_cpus; i++)
		if (mm->cpus[i].state)
			printf("  cpu %u owns cid %u (%s)\n", mm->cpus[i].id, mm->cpus[i].cid,
			       rseq_cid_state_name(mm->cpus[i].state));
	for (i = 0; i < mm->nr_tasks; i++) {
		const struct rc_task *t = &mm->tasks[i];

		if (t->has_cid)
			printf("  task %u cid %u (%s) cpu %u%s\n", t->tid, t->cid,
			       rseq_cid_state_name(t->state), t->cpu, t->running ? " running" : "");
		else
			printf("  task %u no cid cpu %u%s\n", t->tid, t->cpu,
			       t->running ? " running" : "");
	}
}

int cmd_mm_show(struct nl *nl, const struct cmdline *cl)
{
	struct rc_mm mm;
	json_t *doc;
	int ret;

	ret = nl_mm_get(nl, cl->pid, &mm);
	if (ret)
		return nl_fail(nl, &cl->o, ret, "mm show %u", cl->pid);
	if (cl->o.json) {
		doc = json_doc();
		json_object_set_new(doc, "mm", mm_detail_json(&mm));
		json_emit(&cl->o, doc);
	} else {
		mm_show_text(&mm);
	}
	rc_mm_free(&mm);
	return 0;
}

static int monitor_cb(const struct rc_mm *mm, void *arg)
{
	const struct opts *o = arg;
	json_t *doc;

	if (!o->json) {
		printf("pid %u comm %s mode %s", mm->pid, mm->comm, rseq_cid_mode_name(mm->mode));
		printf(" users %u max_cids %u pcpu_thrs %u transitions %llu\n",
		       mm->users, mm->max_cids, mm->pcpu_thrs,
		       (unsigned long long)mm->transitions);
		fflush(stdout);
		return 0;
	}
	doc = json_doc();
	json_object_set_new(doc, "event", json_string("mode-change"));
	json_object_set_new(doc, "mm", mm_summary_json(mm));
	json_emit(o, doc);
	return 0;
}

int cmd_monitor(struct nl *nl, const struct cmdline *cl)
{
	int ret = nl_monitor(nl, monitor_cb, (void *)&cl->o);

	return nl_fail(nl, &cl->o, ret, "monitor");
}
