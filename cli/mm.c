// SPDX-License-Identifier: GPL-2.0
/*
 * The mm object: mm list and mm show, and the one place that turns an mm
 * into text and JSON.  The comm is the kernel's raw bytes and is escaped
 * on the way out (output.c: str_escape()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <rseq_cid.h>
#include "cmd.h"
#include "mm.h"

/* The bits of the bitmap that are CIDs: nr_cpu_ids, or what was sent. */
static unsigned int nr_bits(const struct rc_mm *mm)
{
	return mm->nr_cpu_ids ? mm->nr_cpu_ids : mm->bitmap_len * 8;
}

json_t *mm_summary_json(const struct rc_mm *mm)
{
	char *comm = str_escape(mm->comm ? mm->comm : "", ESC_JSON);
	json_t *o;

	o = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}",
		      "pid", (json_int_t)mm->pid, "comm", comm,
		      "mode", rseq_cid_mode_name(mm->mode),
		      "users", (json_int_t)mm->users,
		      "max_cids", (json_int_t)mm->max_cids,
		      "pcpu_thrs", (json_int_t)mm->pcpu_thrs,
		      "nr_cpus_allowed", (json_int_t)mm->nr_cpus_allowed,
		      "transitions", (json_int_t)mm->transitions,
		      "cids_in_use", (json_int_t)mm->cids_in_use);
	free(comm);
	return o;
}

static json_t *cpus_json(const struct rc_mm *mm)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < mm->nr_cpus; i++) {
		const struct rc_cpu *c = &mm->cpus[i];

		if (!json_push(a, json_pack("{s:I, s:I, s:s}", "cpu", (json_int_t)c->id,
					    "cid", (json_int_t)c->cid,
					    "state", rseq_cid_state_name(c->state)))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/*
 * Task @i as JSON, printed directly: a jansson object per task cost ~15 us
 * natively and made mm show -j of 5,000 threads ~10x slower than the text
 * (docs/benchmarks.md).  The same keys, in the same order, as jansson.
 */
void mm_task_json(FILE *f, const void *arg, size_t i, bool pretty)
{
	const struct rc_task *t = &((const struct rc_mm *)arg)->tasks[i];
	const char *sep = pretty ? ", " : ",", *colon = pretty ? ": " : ":";

	fprintf(f, "{\"tid\"%s%u%s\"cid\"%s", colon, t->tid, sep, colon);
	if (t->has_cid)
		fprintf(f, "%u", t->cid);
	else
		fputs("null", f);
	fprintf(f, "%s\"state\"%s\"%s\"%s\"cpu\"%s%u%s\"running\"%s%s}", sep, colon,
		rseq_cid_state_name(t->state), sep, colon, t->cpu, sep, colon,
		t->running ? "true" : "false");
}

/* mm show's object; its "tasks" are JSON_SPLICE_MARK for mm_task_json(). */
json_t *mm_detail_json(const struct rc_mm *mm)
{
	char *cids = mm->bitmap ? cidlist(mm->bitmap, nr_bits(mm)) : strdup("");
	json_t *o = mm_summary_json(mm);

	if (!cids || !json_add(o, "nr_cpu_ids", json_integer(mm->nr_cpu_ids)) ||
	    !json_add(o, "cids", json_string(cids)) || !json_add(o, "cpus", cpus_json(mm)) ||
	    !json_add(o, "tasks", json_string(JSON_SPLICE_MARK))) {
		json_decref(o);
		o = NULL;
	}
	free(cids);
	return o;
}

int mm_list_text(FILE *f, const void *arg)
{
	const struct rc_mm_list *list = arg;
	char *comm;
	size_t i;

	fprintf(f, "%-8s %-16s %-11s %5s %8s %11s\n", "PID", "COMM", "MODE", "USERS",
		"MAX_CIDS", "CIDS_IN_USE");
	for (i = 0; i < list->nr; i++) {
		const struct rc_mm *mm = &list->mms[i];

		comm = str_escape(mm->comm ? mm->comm : "", ESC_TEXT);
		if (!comm)
			return -ENOMEM;
		fprintf(f, "%-8u %-16s %-11s %5u %8u %11u\n", mm->pid, comm,
			rseq_cid_mode_name(mm->mode), mm->users, mm->max_cids, mm->cids_in_use);
		free(comm);
	}
	return 0;
}

int mm_show_text(FILE *f, const void *arg)
{
	const struct rc_mm *mm = arg;
	char *comm = str_escape(mm->comm ? mm->comm : "", ESC_TEXT);
	char *cids = mm->bitmap ? cidlist(mm->bitmap, nr_bits(mm)) : strdup("");
	size_t i;

	if (!comm || !cids) {
		free(comm);
		free(cids);
		return -ENOMEM;
	}
	fprintf(f, "pid %u comm %s\n", mm->pid, comm);
	fprintf(f, "  mode %s users %u max_cids %u pcpu_thrs %u", rseq_cid_mode_name(mm->mode),
		mm->users, mm->max_cids, mm->pcpu_thrs);
	fprintf(f, " nr_cpus_allowed %u transitions %llu\n",
		mm->nr_cpus_allowed, (unsigned long long)mm->transitions);
	fprintf(f, "  cids %s (%u in use)\n", cids[0] ? cids : "none", mm->cids_in_use);
	for (i = 0; i < mm->nr_cpus; i++)
		fprintf(f, "  cpu %u owns cid %u (%s)\n", mm->cpus[i].id, mm->cpus[i].cid,
			rseq_cid_state_name(mm->cpus[i].state));
	for (i = 0; i < mm->nr_tasks; i++) {
		const struct rc_task *t = &mm->tasks[i];

		if (t->has_cid)
			fprintf(f, "  task %u cid %u (%s) cpu %u%s\n", t->tid, t->cid,
				rseq_cid_state_name(t->state), t->cpu,
				t->running ? " running" : "");
		else
			fprintf(f, "  task %u no cid cpu %u%s\n", t->tid, t->cpu,
				t->running ? " running" : "");
	}
	free(comm);
	free(cids);
	return 0;
}

int mm_list_run(struct nl *nl, const struct cmdline *cl)
{
	struct rc_mm_list list = {};
	json_t *arr;
	size_t i;
	int ret;

	ret = nl_exchange(nl, nl_request(nl, RSEQ_CID_CMD_MM_GET, true), rc_mm_list_add, &list);
	if (ret) {
		rc_mm_list_free(&list);
		return nl_fail(nl, &cl->o, ret, "mm list");
	}
	if (!cl->o.json) {
		ret = text_print(mm_list_text, &list);
	} else {
		arr = json_array();
		for (i = 0; arr && i < list.nr; i++) {
			if (!json_push(arr, mm_summary_json(&list.mms[i]))) {
				json_decref(arr);
				arr = NULL;
			}
		}
		ret = json_print(&cl->o, json_doc_with(json_pack("{s:o}", "mms", arr)));
	}
	rc_mm_list_free(&list);
	return ret;
}

int mm_show_args(int argc, char **argv, struct cmdline *cl, char *err, size_t len)
{
	unsigned long v;

	if (argc != 1 || arg_number(argv[0], 1, RC_PID_MAX, &v))
		return arg_error(err, len, "mm show: needs one PID (1-%d), got '%s'", RC_PID_MAX,
				 argc ? argv[0] : "");
	cl->pid = v;
	return 0;
}

/* The one reply of mm-get (do): the whole process, never continued. */
static int show_cb(const void *payload, size_t len, void *arg)
{
	struct rc_mm *mm = arg;
	u32 want = mm->pid;
	int ret = rc_parse_mm(payload, len, mm);

	if (!ret && (mm->continued || mm->pid != want)) {
		rc_mm_free(mm);
		ret = -EPROTO;
	}
	return ret;
}

int mm_show_run(struct nl *nl, const struct cmdline *cl)
{
	struct nlmsghdr *req = nl_request(nl, RSEQ_CID_CMD_MM_GET, false);
	struct rc_mm mm = { .pid = cl->pid };
	json_t *doc;
	int ret;

	mnl_attr_put_u32(req, RSEQ_CID_A_MM_PID, cl->pid);
	ret = nl_exchange(nl, req, show_cb, &mm);
	if (ret) {
		rc_mm_free(&mm);
		return nl_fail(nl, &cl->o, ret, "mm show %u", cl->pid);
	}
	if (cl->o.json) {
		doc = json_doc_with(json_pack("{s:o}", "mm", mm_detail_json(&mm)));
		ret = json_print_spliced(&cl->o, doc, mm_task_json, &mm, mm.nr_tasks);
	} else {
		ret = text_print(mm_show_text, &mm);
	}
	rc_mm_free(&mm);
	return ret;
}
