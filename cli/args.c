// SPDX-License-Identifier: GPL-2.0
/*
 * rseqctl [-j] [-p] OBJECT [COMMAND] [ARGS], in the style of iproute2:
 * global options first, then the object and its command; unambiguous
 * prefixes of objects and commands are not accepted, to keep scripts
 * stable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "args.h"

static int bad(char *err, size_t len, const char *fmt, const char *what)
{
	snprintf(err, len, fmt, what);
	return -1;
}

/* A decimal number in [min, max]. */
static int number(const char *s, unsigned long min, unsigned long max, unsigned long *v)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	*v = strtoul(s, &end, 10);
	return *end || *v < min || *v > max ? -1 : 0;
}

static int parse_stats(int argc, char **argv, struct cmdline *cl, char *err, size_t len)
{
	unsigned long v;
	int i;

	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(arg, "--interval") || !strcmp(arg, "-i")) {
			if (number(val, 1, 86400, &v))
				return bad(err, len,
					   "stats: --interval needs seconds (1-86400), got '%s'",
					   val ? val : "");
			cl->interval = v;
		} else if (!strcmp(arg, "--count") || !strcmp(arg, "-c")) {
			if (number(val, 1, 1000000000, &v))
				return bad(err, len,
					   "stats: --count needs a positive number, got '%s'",
					   val ? val : "");
			cl->count = v;
		} else if (!strcmp(arg, "--format") || !strcmp(arg, "-f")) {
			if (!val || strcmp(val, "prometheus"))
				return bad(err, len,
					   "stats: unknown --format '%s' (have: prometheus)",
					   val ? val : "");
			cl->format = FMT_PROMETHEUS;
		} else {
			return bad(err, len, "stats: unknown argument '%s'", arg);
		}
		i++;
	}
	if (cl->count && !cl->interval)
		return bad(err, len, "%s", "stats: --count needs --interval");
	if (cl->format == FMT_PROMETHEUS && (cl->interval || cl->o.json))
		return bad(err, len, "%s",
			   "stats: --format prometheus prints one snapshot as text");
	return 0;
}

static int parse_mm(int argc, char **argv, struct cmdline *cl, char *err, size_t len)
{
	unsigned long v;

	if (argc == 0 || !strcmp(argv[0], "list")) {
		if (argc > 1)
			return bad(err, len, "mm list: unknown argument '%s'", argv[1]);
		cl->cmd = CMD_MM_LIST;
		return 0;
	}
	if (!strcmp(argv[0], "show")) {
		if (argc != 2 || number(argv[1], 1, 4194304, &v))
			return bad(err, len, "mm show: needs one PID (1-4194304), got '%s'",
				   argc > 1 ? argv[1] : "");
		cl->cmd = CMD_MM_SHOW;
		cl->pid = v;
		return 0;
	}
	return bad(err, len, "mm: unknown command '%s' (have: list, show)", argv[0]);
}

int parse_args(int argc, char **argv, struct cmdline *cl, char *err, size_t len)
{
	int i = 1;

	memset(cl, 0, sizeof(*cl));
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-j") || !strcmp(a, "--json"))
			cl->o.json = true;
		else if (!strcmp(a, "-p") || !strcmp(a, "--pretty"))
			cl->o.pretty = true;
		else if (!strcmp(a, "-jp") || !strcmp(a, "-pj"))
			cl->o = (struct opts){ .json = true, .pretty = true };
		else if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return cl->cmd = CMD_HELP, 0;
		else if (!strcmp(a, "-V") || !strcmp(a, "--version"))
			return cl->cmd = CMD_VERSION, 0;
		else
			return bad(err, len, "unknown option '%s'", a);
	}
	if (cl->o.pretty && !cl->o.json)
		return bad(err, len, "%s", "-p/--pretty needs -j/--json");
	if (i >= argc)
		return bad(err, len, "%s", "no object given (stats, mm, monitor; see --help)");
	if (!strcmp(argv[i], "stats")) {
		cl->cmd = CMD_STATS;
		return parse_stats(argc - i - 1, argv + i + 1, cl, err, len);
	}
	if (!strcmp(argv[i], "mm"))
		return parse_mm(argc - i - 1, argv + i + 1, cl, err, len);
	if (!strcmp(argv[i], "monitor")) {
		if (i + 1 < argc)
			return bad(err, len, "monitor: unknown argument '%s'", argv[i + 1]);
		cl->cmd = CMD_MONITOR;
		return 0;
	}
	return bad(err, len, "unknown object '%s' (have: stats, mm, monitor)", argv[i]);
}
