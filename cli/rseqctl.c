// SPDX-License-Identifier: GPL-2.0
/*
 * rseqctl: query the rseq_cid module about MM concurrency IDs.
 * See rseqctl.8.  Exit status: 0 ok, 1 the request failed, 2 bad
 * arguments or the module is not loaded.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "commands.h"

#define RSEQCTL_VERSION	"1.0"

static const char usage[] =
	"usage: rseqctl [-j [-p]] stats [--interval S [--count N]] [--format prometheus]\n"
	"       rseqctl [-j [-p]] mm list\n"
	"       rseqctl [-j [-p]] mm show PID\n"
	"       rseqctl [-j] monitor\n"
	"       rseqctl -h | -V\n";

/* Turn a failed request into one line (and a JSON error with -j). */
int nl_fail(struct nl *nl, const struct opts *o, int err, const char *fmt, ...)
{
	const char *kmsg = nl ? nl_error(nl) : "";
	char what[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	switch (err) {
	case -ENOPKG:
		return fail_msg(o, 2, -err, "%s",
				"the rseq-cid netlink family is not available; load the module: insmod rseq_cid.ko");
	case -EPERM:
	case -EACCES:
		return fail_msg(o, 1, -err, "%s: permission denied%s%s", what,
				*kmsg ? ": " : "", kmsg);
	case -ENOENT:
		return fail_msg(o, 1, -err, "%s: %s", what, *kmsg ? kmsg : "no such process");
	case -EPROTO:
		return fail_msg(o, 1, -err, "%s: malformed reply from the kernel", what);
	}
	return fail_msg(o, 1, -err, "%s: %s%s%s", what, strerror(-err),
			*kmsg ? ": " : "", kmsg);
}

int main(int argc, char **argv)
{
	struct cmdline cl;
	char err[256];
	struct nl *nl;
	int ret;

	if (parse_args(argc, argv, &cl, err, sizeof(err)))
		return fail_msg(&cl.o, 2, EINVAL, "%s (see rseqctl --help)", err);
	if (cl.cmd == CMD_HELP) {
		fputs(usage, stdout);
		return 0;
	}
	if (cl.cmd == CMD_VERSION) {
		printf("rseqctl %s (JSON schema %d)\n", RSEQCTL_VERSION, RSEQCTL_SCHEMA_VERSION);
		return 0;
	}
	ret = nl_open(&nl);
	if (ret)
		return nl_fail(NULL, &cl.o, ret, "netlink");
	switch (cl.cmd) {
	case CMD_STATS:
		ret = cmd_stats(nl, &cl);
		break;
	case CMD_MM_LIST:
		ret = cmd_mm_list(nl, &cl);
		break;
	case CMD_MM_SHOW:
		ret = cmd_mm_show(nl, &cl);
		break;
	default:
		ret = cmd_monitor(nl, &cl);
		break;
	}
	nl_close(nl);
	return ret;
}
