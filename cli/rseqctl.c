// SPDX-License-Identifier: GPL-2.0
/*
 * rseqctl: query the rseq_cid module about MM concurrency IDs.
 * See rseqctl.8.  Exit status: 0 ok, 1 the request failed, 2 bad
 * arguments or the module is not loaded.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cmd.h"

#define RSEQCTL_VERSION	"1.1"

static void usage(void)
{
	unsigned int i;

	for (i = 0; i < rc_nr_cmds; i++)
		printf("%s rseqctl %s\n", i ? "      " : "usage:", rc_cmds[i].usage);
	printf("       rseqctl -h | -V\n");
}

int main(int argc, char **argv)
{
	struct cmdline cl;
	char err[256];
	struct nl *nl;
	int ret;

	if (parse_args(argc, argv, &cl, err, sizeof(err)))
		return fail_msg(&cl.o, 2, EINVAL, "%s (see rseqctl --help)", err);
	if (cl.help) {
		usage();
		return fflush(stdout) ? 1 : 0;
	}
	if (cl.version) {
		printf("rseqctl %s (JSON schema %d)\n", RSEQCTL_VERSION, RSEQCTL_SCHEMA_VERSION);
		return fflush(stdout) ? 1 : 0;
	}
	ret = nl_open(&nl);
	if (ret)
		return nl_fail(NULL, &cl.o, ret, "netlink");
	ret = cl.cmd->run(nl, &cl);
	nl_close(nl);
	/* Output that could not be written is a failure, never status 0. */
	if (fflush(stdout) || ferror(stdout))
		return ret ? ret : fail_msg(NULL, 1, errno, "cannot write the output: %s",
					    strerror(errno));
	return ret;
}
