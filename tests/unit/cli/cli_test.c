// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of rseqctl: argument parsing, CID list and
 * Prometheus formatting, JSON documents, and the reply parser fed with
 * valid, truncated and random attribute streams.  Prints TAP lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <rseq_cid.h>
#include "args.h"
#include "nl.h"
#include "output.h"

static int failed;

static void check(int cond, const char *what)
{
	printf("%sok test-cli: %s\n", cond ? "" : "not ", what);
	if (!cond)
		failed++;
}

static int parse(const char *line, struct cmdline *cl)
{
	char *argv[16], buf[256], err[256];
	int argc = 0;
	char *tok;

	snprintf(buf, sizeof(buf), "rseqctl %s", line);
	for (tok = strtok(buf, " "); tok && argc < 15; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;
	return parse_args(argc, argv, cl, err, sizeof(err));
}

static void test_args(void)
{
	struct cmdline cl;

	check(!parse("stats", &cl) && cl.cmd == CMD_STATS && !cl.o.json, "args: stats");
	check(!parse("-j -p mm show 42", &cl) && cl.cmd == CMD_MM_SHOW && cl.pid == 42 &&
	      cl.o.json && cl.o.pretty, "args: -j -p mm show 42");
	check(!parse("-jp mm list", &cl) && cl.cmd == CMD_MM_LIST, "args: -jp mm list");
	check(!parse("mm", &cl) && cl.cmd == CMD_MM_LIST, "args: mm defaults to list");
	check(!parse("stats --interval 2 --count 3", &cl) && cl.interval == 2 && cl.count == 3,
	      "args: stats --interval 2 --count 3");
	check(!parse("stats --format prometheus", &cl) && cl.format == FMT_PROMETHEUS,
	      "args: stats --format prometheus");
	check(!parse("monitor", &cl) && cl.cmd == CMD_MONITOR, "args: monitor");
	check(parse("", &cl), "args: no object is an error");
	check(parse("mm show", &cl), "args: mm show without pid");
	check(parse("mm show 12x", &cl), "args: mm show with a bad pid");
	check(parse("mm show 0", &cl), "args: mm show 0");
	check(parse("mm show 1 2", &cl), "args: mm show with two pids");
	check(parse("stats --count 3", &cl), "args: --count without --interval");
	check(parse("stats --interval 0", &cl), "args: --interval 0");
	check(parse("stats --interval", &cl), "args: --interval without value");
	check(parse("stats --format xml", &cl), "args: unknown format");
	check(parse("-j stats --format prometheus", &cl), "args: prometheus with -j");
	check(parse("-p stats", &cl), "args: -p without -j");
	check(parse("-x stats", &cl), "args: unknown option");
	check(parse("frobnicate", &cl), "args: unknown object");
	check(parse("monitor now", &cl), "args: monitor with an argument");
}

static void test_cidlist(void)
{
	u8 bits[4] = {};
	char buf[64];

	format_cidlist(bits, sizeof(bits), buf, sizeof(buf));
	check(!strcmp(buf, ""), "cidlist: empty");
	bits[0] = 0x0f;
	bits[1] = 0x01;
	format_cidlist(bits, sizeof(bits), buf, sizeof(buf));
	check(!strcmp(buf, "0-3,8"), "cidlist: 0-3,8");
	memset(bits, 0, sizeof(bits));
	bits[0] = 0xea;		/* 1,3,5,6,7 */
	bits[3] = 0x80;		/* 31 */
	format_cidlist(bits, sizeof(bits), buf, sizeof(buf));
	check(!strcmp(buf, "1,3,5-7,31"), "cidlist: 1,3,5-7,31");
	memset(bits, 0xff, sizeof(bits));
	format_cidlist(bits, sizeof(bits), buf, sizeof(buf));
	check(!strcmp(buf, "0-31"), "cidlist: all");
	memset(bits, 0x55, sizeof(bits));
	format_cidlist(bits, sizeof(bits), buf, 8);
	check(strlen(buf) < 8, "cidlist: truncates within the buffer");
}

static void test_prometheus(void)
{
	struct rc_stats st = { .mms = 5, .per_task_mms = 4, .per_cpu_mms = 1, .users = 13,
			       .transitions = 7, .notifications = 2 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	prom_stats(f, &st);
	fclose(f);
	check(strstr(text, "# TYPE rseq_cid_transitions_total counter\nrseq_cid_transitions_total 7\n") != NULL,
	      "prometheus: transitions counter");
	check(strstr(text, "rseq_cid_notifications_total 2\n") != NULL, "prometheus: notifications");
	check(strstr(text, "rseq_cid_mms_by_mode{mode=\"per-cpu\"} 1\n") != NULL,
	      "prometheus: labelled gauge");
	check(strstr(text, "# TYPE rseq_cid_mms gauge\n") != NULL, "prometheus: gauge type");
	free(text);
}

/* A stats payload with the first @nr_rseq rseq counters (value 100 + n). */
static size_t build_stats(char *buf, unsigned int nr_rseq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	unsigned int i;

	mnl_attr_put_u32(nlh, RSEQ_CID_A_STATS_MMS, 5);
	mnl_attr_put_u64(nlh, RSEQ_CID_A_STATS_TRANSITIONS, 7);
	for (i = 0; i < nr_rseq; i++)
		mnl_attr_put_u64(nlh, RSEQ_CID_A_STATS_RSEQ_EXIT + i, 100 + i);
	return nlh->nlmsg_len - MNL_NLMSG_HDRLEN;
}

static void test_rseq_stats(void)
{
	char buf[1024], *s, *text = NULL;
	struct rc_stats st;
	size_t len, tlen = 0;
	FILE *f;
	json_t *j;

	len = build_stats(buf, RC_RSEQ_NR);
	check(!rc_parse_stats(buf + MNL_NLMSG_HDRLEN, len, &st) && st.has_rseq &&
	      st.mms == 5 && st.transitions == 7 && st.rseq[RC_RSEQ_EXIT] == 100 &&
	      st.rseq[RC_RSEQ_FIXUP] == 100 + RC_RSEQ_FIXUP, "parse: stats with rseq counters");
	j = stats_json(&st);
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	check(strstr(s, "\"rseq\":{\"exit\":100,\"signal\":101,\"slowpath\":102,\"fastpath\":103,\"ids\":104,\"cs\":105,\"clear\":106,\"fixup\":107}") != NULL,
	      "json: rseq counters by name");
	free(s);
	json_decref(j);
	f = open_memstream(&text, &tlen);
	prom_stats(f, &st);
	fclose(f);
	check(strstr(text, "# TYPE rseq_exit_total counter\nrseq_exit_total 100\n") &&
	      strstr(text, "\nrseq_fixup_total 107\n"), "prometheus: rseq counters");
	free(text);

	len = build_stats(buf, 0);
	check(!rc_parse_stats(buf + MNL_NLMSG_HDRLEN, len, &st) && !st.has_rseq,
	      "parse: stats without rseq counters");
	j = stats_json(&st);
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	check(strstr(s, "\"rseq\":null") != NULL, "json: rseq null without counters");
	free(s);
	json_decref(j);
	text = NULL;
	f = open_memstream(&text, &tlen);
	prom_stats(f, &st);
	fclose(f);
	check(!strstr(text, "rseq_exit_total"), "prometheus: no rseq samples without counters");
	free(text);

	len = build_stats(buf, RC_RSEQ_NR - 1);
	check(rc_parse_stats(buf + MNL_NLMSG_HDRLEN, len, &st) == -EPROTO,
	      "parse: some but not all rseq counters rejected");
}

/* A valid mm payload as the module sends it. */
static size_t build_mm(char *buf, size_t size)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *nest;
	u8 bitmap[8] = { 0x0f };

	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_PID, 87);
	mnl_attr_put_strz(nlh, RSEQ_CID_A_MM_COMM, "mm_cid_test");
	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_MODE, RSEQ_CID_MODE_PER_CPU);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_USERS, 9);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_MAX_CIDS, 4);
	mnl_attr_put_u64(nlh, RSEQ_CID_A_MM_TRANSITIONS, 1);
	mnl_attr_put(nlh, RSEQ_CID_A_MM_CID_BITMAP, sizeof(bitmap), bitmap);
	nest = mnl_attr_nest_start(nlh, RSEQ_CID_A_MM_CPU);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_CPU_ID, 2);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_CPU_CID, 1);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_CPU_STATE, RSEQ_CID_CID_STATE_ON_CPU);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, RSEQ_CID_A_MM_TASK);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_TASK_TID, 88);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_TASK_STATE, RSEQ_CID_CID_STATE_NONE);
	mnl_attr_put(nlh, RSEQ_CID_A_TASK_RUNNING, 0, NULL);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, 200, 1);	/* unknown: skipped */
	(void)size;
	return nlh->nlmsg_len - MNL_NLMSG_HDRLEN;
}

static void test_parse(void)
{
	char buf[4096], bad[4096];
	size_t len = build_mm(buf, sizeof(buf));
	const char *p = buf + MNL_NLMSG_HDRLEN;
	struct rc_mm mm;
	struct rc_stats st;
	json_t *j;
	char *s;
	unsigned int i, cut, ok = 0;

	check(!rc_parse_mm(p, len, &mm), "parse: valid mm");
	check(mm.pid == 87 && mm.mode == RSEQ_CID_MODE_PER_CPU && mm.users == 9 &&
	      !strcmp(mm.comm, "mm_cid_test") && mm.nr_cpus == 1 && mm.cpus[0].cid == 1 &&
	      mm.nr_tasks == 1 && mm.tasks[0].running && !mm.tasks[0].has_cid,
	      "parse: mm values");
	j = mm_detail_json(&mm);
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	check(strstr(s, "\"cids\":\"0-3\"") && strstr(s, "\"mode\":\"per-cpu\"") &&
	      strstr(s, "\"cid\":null") && strstr(s, "\"running\":true"),
	      "json: mm detail");
	free(s);
	json_decref(j);
	rc_mm_free(&mm);

	/* Every truncation of a valid payload is rejected or parsed, never overrun. */
	for (cut = 1; cut < len; cut++) {
		memcpy(bad, p, cut);
		if (!rc_parse_mm(bad, cut, &mm)) {
			ok++;
			rc_mm_free(&mm);
		}
	}
	check(ok < len, "parse: truncated payloads are rejected");

	/* A u32 attribute with a wrong length is malformed. */
	{
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(bad);

		mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_PID, 5);
		mnl_attr_put_u16(nlh, RSEQ_CID_A_MM_USERS, 5);
		check(rc_parse_mm(bad + MNL_NLMSG_HDRLEN, nlh->nlmsg_len - MNL_NLMSG_HDRLEN, &mm) == -EPROTO,
		      "parse: wrong attribute length rejected");
		nlh = mnl_nlmsg_put_header(bad);
		mnl_attr_put_u32(nlh, RSEQ_CID_A_STATS_TRANSITIONS, 5);
		check(rc_parse_stats(bad + MNL_NLMSG_HDRLEN, nlh->nlmsg_len - MNL_NLMSG_HDRLEN, &st) == -EPROTO,
		      "parse: u32 where u64 is due rejected");
		nlh = mnl_nlmsg_put_header(bad);
		mnl_attr_put(nlh, RSEQ_CID_A_MM_COMM, 3, "abc");
		check(rc_parse_mm(bad + MNL_NLMSG_HDRLEN, nlh->nlmsg_len - MNL_NLMSG_HDRLEN, &mm) == -EPROTO,
		      "parse: comm without NUL rejected");
	}

	/* Random bytes and random mutations of the valid payload. */
	srand(1);
	for (i = 0; i < 200000; i++) {
		size_t n = rand() % len + 1;

		memcpy(bad, p, len);
		bad[rand() % len] = rand();
		bad[rand() % len] = rand();
		if (i % 2)
			for (cut = 0; cut < n; cut++)
				bad[cut] = rand();
		if (!rc_parse_mm(bad, n, &mm))
			rc_mm_free(&mm);
		rc_parse_stats(bad, n, &st);
	}
	check(1, "parse: 200000 random payloads without a crash (run under ASan)");
}

int main(void)
{
	test_args();
	test_cidlist();
	test_prometheus();
	test_rseq_stats();
	test_parse();
	return failed ? 1 : 0;
}
