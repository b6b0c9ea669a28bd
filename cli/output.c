// SPDX-License-Identifier: GPL-2.0
/*
 * Formatting shared by the rseqctl commands.  JSON documents are objects
 * with "schema_version" first; docs/rseqctl-schema.json describes them.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "output.h"

static bool bit(const u8 *bits, unsigned int n)
{
	return bits[n / 8] & (1U << (n % 8));
}

/* "0-3,8": the set bits of @bits (@len bytes) as ranges, "" if none. */
void format_cidlist(const u8 *bits, unsigned int len, char *buf, size_t size)
{
	unsigned int n = 0, start, nbits = len * 8;
	size_t used = 0;
	int w;

	buf[0] = '\0';
	while (n < nbits) {
		if (!bit(bits, n)) {
			n++;
			continue;
		}
		start = n;
		while (n + 1 < nbits && bit(bits, n + 1))
			n++;
		if (start == n)
			w = snprintf(buf + used, size - used, "%s%u", used ? "," : "", start);
		else
			w = snprintf(buf + used, size - used, "%s%u-%u", used ? "," : "", start, n);
		if (w < 0 || (size_t)w >= size - used) {
			buf[used] = '\0';
			return;
		}
		used += w;
		n++;
	}
}

json_t *json_doc(void)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "schema_version", json_integer(RSEQCTL_SCHEMA_VERSION));
	return doc;
}

/* Print and free @doc: one line, or indented with -p; flushed. */
void json_emit(const struct opts *o, json_t *doc)
{
	size_t flags = JSON_PRESERVE_ORDER | (o->pretty ? JSON_INDENT(2) : JSON_COMPACT);

	json_dumpf(doc, stdout, flags);
	fputc('\n', stdout);
	fflush(stdout);
	json_decref(doc);
}

/* The kernel's rseq counters: JSON key and Prometheus help text. */
static const struct {
	const char *name;
	const char *help;
} rseq_counters[RC_RSEQ_NR] = {
	[RC_RSEQ_EXIT] = { "exit", "Exits to user space." },
	[RC_RSEQ_SIGNAL] = { "signal", "rseq critical-section checks before a signal frame." },
	[RC_RSEQ_SLOWPATH] = { "slowpath", "Runs of the rseq TIF_NOTIFY_RESUME slow path." },
	[RC_RSEQ_FASTPATH] = { "fastpath", "Runs of the rseq exit-to-user fast path." },
	[RC_RSEQ_IDS] = { "ids", "rseq ID updates written to user space." },
	[RC_RSEQ_CS] = { "cs", "rseq critical-section descriptors evaluated." },
	[RC_RSEQ_CLEAR] = { "clear", "rseq_cs cleared outside a critical section." },
	[RC_RSEQ_FIXUP] = { "fixup", "rseq critical sections aborted." },
};

const char *rseq_counter_name(unsigned int i)
{
	return i < RC_RSEQ_NR ? rseq_counters[i].name : "unknown";
}

/*
 * {"exit": N, ...} from @v, or JSON null when the kernel keeps no
 * counters.  With @secs > 0 the values are rates: @v divided by @secs.
 */
json_t *rseq_json(bool valid, const u64 *v, unsigned int secs)
{
	json_t *o;
	unsigned int i;

	if (!valid)
		return json_null();
	o = json_object();
	for (i = 0; i < RC_RSEQ_NR; i++)
		json_object_set_new(o, rseq_counters[i].name,
				    secs ? json_real((double)v[i] / secs) : json_integer(v[i]));
	return o;
}

json_t *stats_json(const struct rc_stats *st)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
			 "mms", (json_int_t)st->mms,
			 "per_task_mms", (json_int_t)st->per_task_mms,
			 "per_cpu_mms", (json_int_t)st->per_cpu_mms,
			 "users", (json_int_t)st->users,
			 "transitions", (json_int_t)st->transitions,
			 "notifications", (json_int_t)st->notifications,
			 "rseq", rseq_json(st->has_rseq, st->rseq, 0));
}

json_t *mm_summary_json(const struct rc_mm *mm)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "pid", (json_int_t)mm->pid, "comm", mm->comm,
			 "mode", rseq_cid_mode_name(mm->mode),
			 "users", (json_int_t)mm->users,
			 "max_cids", (json_int_t)mm->max_cids,
			 "pcpu_thrs", (json_int_t)mm->pcpu_thrs,
			 "nr_cpus_allowed", (json_int_t)mm->nr_cpus_allowed,
			 "transitions", (json_int_t)mm->transitions,
			 "cids_in_use", (json_int_t)mm->cids_in_use);
}

json_t *mm_detail_json(const struct rc_mm *mm)
{
	json_t *o = mm_summary_json(mm), *cpus = json_array(), *tasks = json_array();
	char list[512];
	unsigned int i;

	format_cidlist(mm->bitmap, mm->bitmap_len, list, sizeof(list));
	json_object_set_new(o, "cids", json_string(list));
	for (i = 0; i < mm->nr_cpus; i++) {
		const struct rc_cpu *c = &mm->cpus[i];
		json_t *cpu = json_pack("{s:I, s:I, s:s}", "cpu", (json_int_t)c->id,
					"cid", (json_int_t)c->cid,
					"state", rseq_cid_state_name(c->state));

		json_array_append_new(cpus, cpu);
	}
	for (i = 0; i < mm->nr_tasks; i++) {
		const struct rc_task *t = &mm->tasks[i];
		json_t *task = json_pack("{s:I, s:o, s:s, s:I, s:b}", "tid", (json_int_t)t->tid,
					 "cid", t->has_cid ? json_integer(t->cid) : json_null(),
					 "state", rseq_cid_state_name(t->state),
					 "cpu", (json_int_t)t->cpu, "running", t->running);

		json_array_append_new(tasks, task);
	}
	json_object_set_new(o, "cpus", cpus);
	json_object_set_new(o, "tasks", tasks);
	return o;
}

static void prom_metric(FILE *f, const char *name, const char *type,
			const char *help, unsigned long long v)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n%s %llu\n", name, help, name, type, name, v);
}

/* Prometheus text exposition format, for node_exporter's textfile collector. */
void prom_stats(FILE *f, const struct rc_stats *st)
{
	unsigned int i;
	char name[64];

	prom_metric(f, "rseq_cid_mms", "gauge", "Processes with CID users.", st->mms);
	fprintf(f, "# HELP rseq_cid_mms_by_mode Processes by CID ownership mode.\n"
		"# TYPE rseq_cid_mms_by_mode gauge\n"
		"rseq_cid_mms_by_mode{mode=\"per-task\"} %u\n"
		"rseq_cid_mms_by_mode{mode=\"per-cpu\"} %u\n",
		st->per_task_mms, st->per_cpu_mms);
	prom_metric(f, "rseq_cid_users", "gauge", "Tasks using CIDs.", st->users);
	prom_metric(f, "rseq_cid_transitions_total", "counter",
		    "Mode switches of the processes alive now.", st->transitions);
	prom_metric(f, "rseq_cid_notifications_total", "counter",
		    "Mode-switch notifications sent by the module.", st->notifications);
	for (i = 0; st->has_rseq && i < RC_RSEQ_NR; i++) {
		snprintf(name, sizeof(name), "rseq_%s_total", rseq_counters[i].name);
		prom_metric(f, name, "counter", rseq_counters[i].help, st->rseq[i]);
	}
}

/*
 * One line on stderr, and with -j an error object on stdout, so a
 * dashboard never mistakes the failure for data.  Returns @code.
 */
int fail_msg(const struct opts *o, int code, int err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "rseqctl: %s\n", msg);
	if (o && o->json) {
		json_t *doc = json_doc();

		json_object_set_new(doc, "error", json_pack("{s:s, s:i}", "message", msg,
							    "errno", err));
		json_emit(o, doc);
	}
	return code;
}
