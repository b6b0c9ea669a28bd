/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rseqctl command line and the one command table: each object
 * (stats.c, mm.c, monitor.c) parses its own arguments, without side
 * effects so tests can call it, and runs its commands.
 */
#ifndef RSEQCTL_CMD_H
#define RSEQCTL_CMD_H

#include <stddef.h>
#include "nl.h"
#include "output.h"

/* PID_MAX_LIMIT, the range of the spec's pid attribute. */
#define RC_PID_MAX	4194304

struct cmdline;

struct rc_cmd {
	const char *object;
	const char *name;	/* NULL: the object has no commands */
	const char *usage;	/* after "rseqctl " */
	int (*parse)(int argc, char **argv, struct cmdline *cl, char *err, size_t len);
	int (*run)(struct nl *nl, const struct cmdline *cl);
};

struct cmdline {
	struct opts o;
	const struct rc_cmd *cmd;	/* NULL with help or version */
	bool help, version;
	bool prometheus;
	u32 pid;
	unsigned int interval;	/* seconds, 0: once */
	unsigned int count;	/* intervals, 0: forever */
};

/* The first command of an object is its default ("mm" is "mm list"). */
extern const struct rc_cmd rc_cmds[];
extern const unsigned int rc_nr_cmds;

int parse_args(int argc, char **argv, struct cmdline *cl, char *err, size_t len);
int arg_error(char *err, size_t len, const char *fmt, ...) __printf(3, 4);
int arg_number(const char *s, unsigned long min, unsigned long max, unsigned long *v);
int arg_none(int argc, char **argv, struct cmdline *cl, char *err, size_t len);

int stats_args(int argc, char **argv, struct cmdline *cl, char *err, size_t len);
int stats_run(struct nl *nl, const struct cmdline *cl);
int mm_show_args(int argc, char **argv, struct cmdline *cl, char *err, size_t len);
int mm_list_run(struct nl *nl, const struct cmdline *cl);
int mm_show_run(struct nl *nl, const struct cmdline *cl);
int monitor_run(struct nl *nl, const struct cmdline *cl);

#endif
