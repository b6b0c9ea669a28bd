/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RSEQCTL_COMMANDS_H
#define RSEQCTL_COMMANDS_H

#include "args.h"
#include "nl.h"
#include "output.h"

int cmd_stats(struct nl *nl, const struct cmdline *cl);
int cmd_mm_list(struct nl *nl, const struct cmdline *cl);
int cmd_mm_show(struct nl *nl, const struct cmdline *cl);
int cmd_monitor(struct nl *nl, const struct cmdline *cl);
int nl_fail(struct nl *nl, const struct opts *o, int err, const char *fmt, ...)
	__printf(4, 5);

#endif
