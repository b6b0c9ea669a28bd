// SPDX-License-Identifier: GPL-2.0
/*
 * The stats object: its arguments, parsing of stats-get replies, and the
 * one place that turns the totals into text, JSON and Prometheus samples.
 */
#include <assert.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <rseq_cid.h>
#include "cmd.h"
#include "stats.h"

/* The rseq-* attributes are consecutive, in enum rc_rseq_counter order. */
static_assert(RSEQ_CID_A_STATS_RSEQ_FIXUP - RSEQ_CID_A_STATS_RSEQ_EXIT == RC_RSEQ_NR - 1,
	      "rseq counter attributes out of step with enum rc_rseq_counter");

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

struct stats_parse {
	struct rc_stats *st;
	unsigned int rseq_seen;	/* bit n: counter n was present */
	bool mode_switches_seen;
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
	case RSEQ_CID_A_STATS_MODE_SWITCHES:
		sp->mode_switches_seen = true;
		return get_u64(attr, &st->mode_switches);
	}
	return 0;
}

/*
 * The module sends all rseq counters or none (kernel without
 * CONFIG_RSEQ_STATS); some but not all is a malformed reply, and so is
 * one without mode-switches, which protocol 2 always sends.
 */
int rc_parse_stats(const void *payload, size_t len, struct rc_stats *st)
{
	struct stats_parse sp = { .st = st };
	int ret;

	memset(st, 0, sizeof(*st));
	ret = parse_attrs(payload, len, stats_cb, &sp);
	if (ret)
		return ret;
	if ((sp.rseq_seen && sp.rseq_seen != (1U << RC_RSEQ_NR) - 1) || !sp.mode_switches_seen)
		return -EPROTO;
	st->has_rseq = sp.rseq_seen != 0;
	return 0;
}

void stats_text(FILE *f, const struct rc_stats *st)
{
	u64 exits = st->rseq[RC_RSEQ_EXIT];
	unsigned int i;

	fprintf(f, "mms %u (per-task %u, per-cpu %u)\nusers %u\ntransitions %llu\n",
		st->mms, st->per_task_mms, st->per_cpu_mms, st->users,
		(unsigned long long)st->transitions);
	fprintf(f, "mode switches %llu\nnotifications %llu\n",
		(unsigned long long)st->mode_switches, (unsigned long long)st->notifications);
	if (!st->has_rseq) {
		fprintf(f, "rseq counters unavailable (kernel without CONFIG_RSEQ_STATS)\n");
		return;
	}
	/* The rseq counters, each but exits also as a share of the exits. */
	fprintf(f, "rseq %-8s %llu\n", rseq_counters[RC_RSEQ_EXIT].name,
		(unsigned long long)exits);
	for (i = RC_RSEQ_EXIT + 1; i < RC_RSEQ_NR; i++)
		fprintf(f, "rseq %-8s %llu (%.4f%% of exits)\n", rseq_counters[i].name,
			(unsigned long long)st->rseq[i],
			exits ? 100.0 * st->rseq[i] / exits : 0.0);
}

/*
 * {"exit": N, ...} from @v, or JSON null when the kernel keeps no
 * counters.  With @secs > 0 the values are rates: @v divided by @secs.
 */
static json_t *rseq_json(bool valid, const u64 *v, unsigned int secs)
{
	json_t *o;
	unsigned int i;

	if (!valid)
		return json_null();
	o = json_object();
	for (i = 0; i < RC_RSEQ_NR; i++) {
		if (!json_add(o, rseq_counters[i].name,
			      secs ? json_real((double)v[i] / secs) : json_integer(v[i]))) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

json_t *stats_json(const struct rc_stats *st)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
			 "mms", (json_int_t)st->mms,
			 "per_task_mms", (json_int_t)st->per_task_mms,
			 "per_cpu_mms", (json_int_t)st->per_cpu_mms,
			 "users", (json_int_t)st->users,
			 "transitions", (json_int_t)st->transitions,
			 "mode_switches", (json_int_t)st->mode_switches,
			 "notifications", (json_int_t)st->notifications,
			 "rseq", rseq_json(st->has_rseq, st->rseq, 0));
}

/* Counters only grow while the module stays loaded; clamp otherwise. */
static u64 delta(u64 now, u64 then)
{
	return now >= then ? now - then : 0;
}

/* The totals now, and the deltas and rates since @then (@secs before). */
json_t *stats_interval_json(unsigned int secs, const struct rc_stats *now,
			    const struct rc_stats *then)
{
	u64 dt = delta(now->transitions, then->transitions);
	u64 dm = delta(now->mode_switches, then->mode_switches);
	u64 dn = delta(now->notifications, then->notifications);
	bool rseq = now->has_rseq && then->has_rseq;
	u64 drseq[RC_RSEQ_NR];
	unsigned int i;

	for (i = 0; i < RC_RSEQ_NR; i++)
		drseq[i] = delta(now->rseq[i], then->rseq[i]);
	return json_pack("{s:i, s:o, s:{s:I, s:I, s:I, s:o}, s:{s:f, s:f, s:f, s:o}}",
			 "interval_s", secs, "stats", stats_json(now),
			 "deltas", "transitions", (json_int_t)dt,
			 "mode_switches", (json_int_t)dm, "notifications", (json_int_t)dn,
			 "rseq", rseq_json(rseq, drseq, 0),
			 "rates", "transitions_per_s", (double)dt / secs,
			 "mode_switches_per_s", (double)dm / secs,
			 "notifications_per_s", (double)dn / secs,
			 "rseq_per_s", rseq_json(rseq, drseq, secs));
}

/*
 * Prometheus text exposition format, for node_exporter's textfile
 * collector.  Sums over live processes are gauges (they go down when a
 * process exits); only values that never go down while the module stays
 * loaded are counters.
 */
void stats_prom(FILE *f, const struct rc_stats *st)
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
	prom_metric(f, "rseq_cid_transitions", "gauge",
		    "Mode switches of the processes alive now (goes down when one exits).",
		    st->transitions);
	prom_metric(f, "rseq_cid_mode_switches_total", "counter",
		    "Mode switches of any process since the module was loaded.",
		    st->mode_switches);
	prom_metric(f, "rseq_cid_notifications_total", "counter",
		    "Mode-switch notifications sent by the module.", st->notifications);
	for (i = 0; st->has_rseq && i < RC_RSEQ_NR; i++) {
		snprintf(name, sizeof(name), "rseq_%s_total", rseq_counters[i].name);
		prom_metric(f, name, "counter", rseq_counters[i].help, st->rseq[i]);
	}
}

static void interval_text(unsigned int secs, const struct rc_stats *now,
			  const struct rc_stats *then)
{
	u64 dm = delta(now->mode_switches, then->mode_switches);
	u64 dn = delta(now->notifications, then->notifications);
	unsigned long long d;
	unsigned int i;

	printf("interval %us: mms %u users %u", secs, now->mms, now->users);
	printf(" mode switches +%llu (%.2f/s) notifications +%llu (%.2f/s)\n",
	       (unsigned long long)dm, (double)dm / secs, (unsigned long long)dn,
	       (double)dn / secs);
	for (i = 0; now->has_rseq && then->has_rseq && i < RC_RSEQ_NR; i++) {
		d = delta(now->rseq[i], then->rseq[i]);
		printf("  rseq %-8s +%llu (%.2f/s)\n", rseq_counters[i].name, d,
		       (double)d / secs);
	}
}

int stats_args(int argc, char **argv, struct cmdline *cl, char *err, size_t len)
{
	unsigned long v;
	int i;

	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : "";

		if (!strcmp(arg, "--interval") || !strcmp(arg, "-i")) {
			if (arg_number(val, 1, 86400, &v))
				return arg_error(err, len,
						 "stats: --interval needs seconds (1-86400), got '%s'",
						 val);
			cl->interval = v;
		} else if (!strcmp(arg, "--count") || !strcmp(arg, "-c")) {
			if (arg_number(val, 1, 1000000000, &v))
				return arg_error(err, len,
						 "stats: --count needs a positive number, got '%s'",
						 val);
			cl->count = v;
		} else if (!strcmp(arg, "--format") || !strcmp(arg, "-f")) {
			if (strcmp(val, "prometheus"))
				return arg_error(err, len,
						 "stats: unknown --format '%s' (have: prometheus)",
						 val);
			cl->prometheus = true;
		} else {
			return arg_error(err, len, "stats: unknown argument '%s'", arg);
		}
		i++;
	}
	if (cl->count && !cl->interval)
		return arg_error(err, len, "stats: --count needs --interval");
	if (cl->prometheus && (cl->interval || cl->o.json))
		return arg_error(err, len,
				 "stats: --format prometheus prints one snapshot as text");
	return 0;
}

static int stats_prom_fn(FILE *f, const void *st)
{
	stats_prom(f, st);
	return 0;
}

static int stats_text_fn(FILE *f, const void *st)
{
	stats_text(f, st);
	return 0;
}

static int get_stats(struct nl *nl, struct rc_stats *st)
{
	return nl_exchange(nl, nl_request(nl, RSEQ_CID_CMD_STATS_GET, false),
			   (nl_msg_fn)rc_parse_stats, st);
}

int stats_run(struct nl *nl, const struct cmdline *cl)
{
	struct rc_stats st, prev;
	json_t *doc;
	unsigned int n;
	int ret;

	ret = get_stats(nl, &st);
	if (ret)
		return nl_fail(nl, &cl->o, ret, "stats");
	if (cl->prometheus)
		return text_print(stats_prom_fn, &st);
	if (!cl->interval && !cl->o.json)
		return text_print(stats_text_fn, &st);
	if (!cl->interval) {
		doc = json_pack("{s:o}", "stats", stats_json(&st));
		return json_print(&cl->o, json_doc_with(doc));
	}
	for (n = 0; !cl->count || n < cl->count; n++) {
		prev = st;
		sleep(cl->interval);
		ret = get_stats(nl, &st);
		if (ret)
			return nl_fail(nl, &cl->o, ret, "stats");
		if (!cl->o.json) {
			interval_text(cl->interval, &st, &prev);
			if (fflush(stdout))
				return fail_msg(NULL, 1, errno, "cannot write the output");
			continue;
		}
		doc = stats_interval_json(cl->interval, &st, &prev);
		ret = json_print(&cl->o, json_doc_with(doc));
		if (ret)
			return ret;
	}
	return 0;
}
