// SPDX-License-Identifier: GPL-2.0
/*
 * The stats object: the reply parser (rseq counters all or none,
 * mode-switches required), JSON, and Prometheus text with counters only
 * for values that never go down (checked further by promtool in
 * test-cli.sh on the files written here).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli_test.h"
#include "stats.h"

/* A stats payload with the first @nr_rseq rseq counters (value 100 + n). */
static struct nlmsghdr *build_stats(void *buf, unsigned int nr_rseq, bool mode_switches)
{
	struct nlmsghdr *nlh = msg_start(buf, 0x20);
	unsigned int i;

	mnl_attr_put_u32(nlh, RSEQ_CID_A_STATS_MMS, 5);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_STATS_PER_TASK_MMS, 4);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_STATS_PER_CPU_MMS, 1);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_STATS_USERS, 13);
	mnl_attr_put_u64(nlh, RSEQ_CID_A_STATS_TRANSITIONS, 7);
	mnl_attr_put_u64(nlh, RSEQ_CID_A_STATS_NOTIFICATIONS, 2);
	if (mode_switches)
		mnl_attr_put_u64(nlh, RSEQ_CID_A_STATS_MODE_SWITCHES, 9);
	for (i = 0; i < nr_rseq; i++)
		mnl_attr_put_u64(nlh, RSEQ_CID_A_STATS_RSEQ_EXIT + i, 100 + i);
	return nlh;
}

static int parse(struct nlmsghdr *nlh, struct rc_stats *st)
{
	size_t len;
	const void *p = msg_attrs(nlh, &len);

	return rc_parse_stats(p, len, st);
}

static char *prom(const struct rc_stats *st)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	stats_prom(f, st);
	fclose(f);
	return text;
}

static char *dumps(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(j);
	return s;
}

static json_t *interval_doc(const void *arg)
{
	const struct rc_stats *st = arg;

	return json_doc_with(stats_interval_json(2, &st[1], &st[0]));
}

void test_stats(void)
{
	struct rc_stats st, two[2];
	char buf[1024], *s, *text;
	FILE *f;

	check(!parse(build_stats(buf, RC_RSEQ_NR, true), &st) && st.has_rseq &&
	      st.mms == 5 && st.transitions == 7 && st.mode_switches == 9 &&
	      st.rseq[RC_RSEQ_EXIT] == 100 && st.rseq[RC_RSEQ_FIXUP] == 100 + RC_RSEQ_FIXUP,
	      "stats: parse with rseq counters and mode-switches");
	s = dumps(stats_json(&st));
	check(s && strstr(s, "\"transitions\":7,\"mode_switches\":9,\"notifications\":2") &&
	      strstr(s, "\"rseq\":{\"exit\":100,\"signal\":101,\"slowpath\":102,\"fastpath\":103,\"ids\":104,\"cs\":105,\"clear\":106,\"fixup\":107}"),
	      "stats: JSON with mode_switches and rseq counters by name");
	free(s);

	text = prom(&st);
	check(strstr(text, "# TYPE rseq_cid_mode_switches_total counter\nrseq_cid_mode_switches_total 9\n") != NULL,
	      "stats: prometheus counter rseq_cid_mode_switches_total");
	check(strstr(text, "# TYPE rseq_cid_transitions gauge\nrseq_cid_transitions 7\n") &&
	      !strstr(text, "rseq_cid_transitions_total"),
	      "stats: prometheus live transitions sum is a gauge without _total");
	check(strstr(text, "rseq_cid_notifications_total 2\n") &&
	      strstr(text, "rseq_cid_mms_by_mode{mode=\"per-cpu\"} 1\n") &&
	      strstr(text, "# TYPE rseq_cid_mms gauge\n") &&
	      strstr(text, "# TYPE rseq_exit_total counter\nrseq_exit_total 100\n") &&
	      strstr(text, "\nrseq_fixup_total 107\n"),
	      "stats: prometheus notifications, gauges, rseq counters");
	f = out_file("stats.prom");
	fputs(text, f);
	fclose(f);
	free(text);

	two[0] = st;
	two[1] = st;
	two[1].mode_switches += 4;
	two[1].transitions -= 3;	/* a process exited: the gauge went down */
	s = dumps(interval_doc(two));
	check(s && strstr(s, "\"deltas\":{\"transitions\":0,\"mode_switches\":4,") &&
	      strstr(s, "\"mode_switches_per_s\":2.0"),
	      "stats: interval deltas and rates of mode_switches, clamped gauge delta");
	f = out_file("stats.json");
	fprintf(f, "@@DOC unit_stats\n%s\n", s);
	free(s);
	s = dumps(json_doc_with(json_pack("{s:o}", "stats", stats_json(&st))));
	fprintf(f, "%s\n", s);
	free(s);
	check_alloc_failures("stats interval", interval_doc, two);

	check(!parse(build_stats(buf, 0, true), &st) && !st.has_rseq,
	      "stats: parse without rseq counters");
	s = dumps(json_doc_with(json_pack("{s:o}", "stats", stats_json(&st))));
	check(s && strstr(s, "\"rseq\":null"), "stats: JSON rseq null without counters");
	fprintf(f, "%s\n", s);
	fclose(f);
	free(s);
	text = prom(&st);
	check(!strstr(text, "rseq_exit_total"), "stats: no rseq samples without counters");
	f = out_file("stats-norseq.prom");
	fputs(text, f);
	fclose(f);
	free(text);

	check(parse(build_stats(buf, RC_RSEQ_NR - 1, true), &st) == -EPROTO,
	      "stats: some but not all rseq counters rejected");
	check(parse(build_stats(buf, RC_RSEQ_NR, false), &st) == -EPROTO,
	      "stats: a reply without mode-switches rejected");
}
