// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of rseqctl, built with ASan and UBSan against the
 * CLI's sources by tests/unit/test-cli.sh.  cli_test OUT_DIR: prints TAP
 * lines and leaves the Prometheus text and JSON documents it made in
 * OUT_DIR for promtool and the schema validator.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include "cli_test.h"
#include "cmd.h"

static int failed;
const char *out_dir = ".";

void check(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok test-cli: ", cond ? "" : "not ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		failed++;
}

struct nlmsghdr *msg_start(void *buf, u16 type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	nlh->nlmsg_type = type;
	g->cmd = RSEQ_CID_CMD_MM_GET;
	g->version = RSEQ_CID_FAMILY_VERSION;
	return nlh;
}

const void *msg_attrs(const struct nlmsghdr *nlh, size_t *len)
{
	*len = mnl_nlmsg_get_payload_len(nlh) - GENL_HDRLEN;
	return mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
}

void put_task(struct nlmsghdr *nlh, u32 tid, int cid)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, RSEQ_CID_A_MM_TASK);

	mnl_attr_put_u32(nlh, RSEQ_CID_A_TASK_TID, tid);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_TASK_STATE,
			 cid < 0 ? RSEQ_CID_CID_STATE_NONE : RSEQ_CID_CID_STATE_OWNED);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_TASK_CPU, tid % 4);
	if (cid >= 0)
		mnl_attr_put_u32(nlh, RSEQ_CID_A_TASK_CID, cid);
	mnl_attr_nest_end(nlh, nest);
}

FILE *out_file(const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", out_dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	return f;
}

/* Split @line at spaces into rseqctl's argv and parse it. */
static int parse_line(const char *line, struct cmdline *cl, char *err, size_t size)
{
	char *argv[16], buf[256];
	int argc = 0;
	char *tok;

	snprintf(buf, sizeof(buf), "rseqctl %s", line);
	for (tok = strtok(buf, " "); tok && argc < 15; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;
	err[0] = '\0';
	return parse_args(argc, argv, cl, err, size);
}

static int parse(const char *line, struct cmdline *cl)
{
	char err[256];

	return parse_line(line, cl, err, sizeof(err));
}

/* The message of a rejected command line. */
static const char *parse_err(const char *line)
{
	static char err[256];
	struct cmdline cl;

	parse_line(line, &cl, err, sizeof(err));
	return err;
}

static bool is(const struct cmdline *cl, const char *object, const char *name)
{
	return cl->cmd && !strcmp(cl->cmd->object, object) &&
	       (!name ? !cl->cmd->name : cl->cmd->name && !strcmp(cl->cmd->name, name));
}

void test_args(void)
{
	struct cmdline cl;

	check(!parse("stats", &cl) && is(&cl, "stats", NULL) && !cl.o.json, "args: stats");
	check(!parse("-j -p mm show 42", &cl) && is(&cl, "mm", "show") && cl.pid == 42 &&
	      cl.o.json && cl.o.pretty, "args: -j -p mm show 42");
	check(!parse("mm show 4194304", &cl) && cl.pid == 4194304, "args: mm show PID_MAX_LIMIT");
	check(!parse("-jp mm list", &cl) && is(&cl, "mm", "list"), "args: -jp mm list");
	check(!parse("mm", &cl) && is(&cl, "mm", "list"), "args: mm defaults to list");
	check(!parse("stats --interval 2 --count 3", &cl) && cl.interval == 2 && cl.count == 3,
	      "args: stats --interval 2 --count 3");
	check(!parse("stats --format prometheus", &cl) && cl.prometheus,
	      "args: stats --format prometheus");
	check(!parse("monitor", &cl) && is(&cl, "monitor", NULL), "args: monitor");
	check(!parse("-h", &cl) && cl.help && !cl.cmd, "args: -h");
	check(!parse("-V", &cl) && cl.version && !cl.cmd, "args: -V");
	check(parse("", &cl) && !strcmp(parse_err(""), "no object given (have: stats, mm, monitor)"),
	      "args: no object is an error naming the objects");
	check(parse("mm show", &cl), "args: mm show without pid");
	check(parse("mm show 12x", &cl), "args: mm show with a bad pid");
	check(parse("mm show 0", &cl), "args: mm show 0");
	check(parse("mm show 4194305", &cl), "args: mm show above PID_MAX_LIMIT");
	check(parse("mm show 1 2", &cl), "args: mm show with two pids");
	check(parse("mm list 1", &cl) && !strcmp(parse_err("mm list 1"),
						 "mm list: unknown argument '1'"),
	      "args: mm list with an argument");
	check(parse("mm frob", &cl) && !strcmp(parse_err("mm frob"),
					       "mm: unknown command 'frob' (have: list, show)"),
	      "args: unknown mm command names the commands");
	check(parse("stats --count 3", &cl), "args: --count without --interval");
	check(parse("stats --interval 0", &cl), "args: --interval 0");
	check(parse("stats --interval", &cl), "args: --interval without value");
	check(parse("stats --format xml", &cl), "args: unknown format");
	check(parse("-j stats --format prometheus", &cl), "args: prometheus with -j");
	check(parse("-p stats", &cl), "args: -p without -j");
	check(parse("-x stats", &cl), "args: unknown option");
	check(parse("frobnicate", &cl) &&
	      !strcmp(parse_err("frobnicate"),
		      "unknown object 'frobnicate' (have: stats, mm, monitor)"),
	      "args: unknown object names the objects");
	check(parse("monitor now", &cl), "args: monitor with an argument");
}

int main(int argc, char **argv)
{
	if (argc > 1)
		out_dir = argv[1];
	test_args();
	test_output();
	test_stats();
	test_mm();
	test_nl();
	return failed ? 1 : 0;
}
