/* SPDX-License-Identifier: GPL-2.0 */
/* rseqctl command line, parsed without side effects so tests can call it. */
#ifndef RSEQCTL_ARGS_H
#define RSEQCTL_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include "output.h"

enum rc_cmd { CMD_HELP, CMD_VERSION, CMD_STATS, CMD_MM_LIST, CMD_MM_SHOW, CMD_MONITOR };
enum rc_format { FMT_DEFAULT, FMT_PROMETHEUS };

struct cmdline {
	struct opts o;
	enum rc_cmd cmd;
	enum rc_format format;
	u32 pid;
	unsigned int interval;	/* seconds, 0: once */
	unsigned int count;	/* intervals, 0: forever */
};

int parse_args(int argc, char **argv, struct cmdline *cl, char *err, size_t errlen);

#endif
