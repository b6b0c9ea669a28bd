// SPDX-License-Identifier: GPL-2.0
/*
 * rseqctl [-j] [-p] OBJECT [COMMAND] [ARGS], in the style of iproute2:
 * global options first, then the object and its command, looked up in
 * the one command table; unambiguous prefixes of objects and commands
 * are not accepted, to keep scripts stable.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"

const struct rc_cmd rc_cmds[] = {
	{ "stats", NULL, "[-j [-p]] stats [--interval S [--count N]] [--format prometheus]",
	  stats_args, stats_run },
	{ "mm", "list", "[-j [-p]] mm list", arg_none, mm_list_run },
	{ "mm", "show", "[-j [-p]] mm show PID", mm_show_args, mm_show_run },
	{ "monitor", NULL, "[-j] monitor", arg_none, monitor_run },
};

const unsigned int rc_nr_cmds = ARRAY_SIZE(rc_cmds);

int arg_error(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* A decimal number in [min, max]. */
int arg_number(const char *s, unsigned long min, unsigned long max, unsigned long *v)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	*v = strtoul(s, &end, 10);
	return *end || *v < min || *v > max ? -1 : 0;
}

/* For commands without arguments. */
int arg_none(int argc, char **argv, struct cmdline *cl, char *err, size_t len)
{
	if (!argc)
		return 0;
	if (cl->cmd->name)
		return arg_error(err, len, "%s %s: unknown argument '%s'", cl->cmd->object,
				 cl->cmd->name, argv[0]);
	return arg_error(err, len, "%s: unknown argument '%s'", cl->cmd->object, argv[0]);
}

/* ", "-separated names from the table: objects, or the commands of @object. */
static void names(char *buf, size_t size, const char *object)
{
	size_t used = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < rc_nr_cmds; i++) {
		const char *name = object ? rc_cmds[i].name : rc_cmds[i].object;

		if ((object && strcmp(rc_cmds[i].object, object)) ||
		    (!object && i && !strcmp(rc_cmds[i - 1].object, name)))
			continue;
		used += snprintf(buf + used, size - used, "%s%s", used ? ", " : "", name);
		if (used >= size)
			return;
	}
}

/* The entry for argv[0] (and argv[1]); *@used: how many words it took. */
static const struct rc_cmd *lookup(int argc, char **argv, int *used, char *err, size_t len)
{
	const struct rc_cmd *first = NULL;
	char have[128];
	unsigned int i;

	for (i = 0; i < rc_nr_cmds; i++) {
		if (strcmp(rc_cmds[i].object, argv[0]))
			continue;
		if (!first)
			first = &rc_cmds[i];
		if (!rc_cmds[i].name) {
			*used = 1;
			return &rc_cmds[i];
		}
		if (argc > 1 && !strcmp(rc_cmds[i].name, argv[1])) {
			*used = 2;
			return &rc_cmds[i];
		}
	}
	if (first && argc == 1) {
		*used = 1;
		return first;
	}
	names(have, sizeof(have), first ? argv[0] : NULL);
	if (first)
		arg_error(err, len, "%s: unknown command '%s' (have: %s)", argv[0], argv[1], have);
	else
		arg_error(err, len, "unknown object '%s' (have: %s)", argv[0], have);
	return NULL;
}

int parse_args(int argc, char **argv, struct cmdline *cl, char *err, size_t len)
{
	char have[128];
	int i = 1, used;

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
			return cl->help = true, 0;
		else if (!strcmp(a, "-V") || !strcmp(a, "--version"))
			return cl->version = true, 0;
		else
			return arg_error(err, len, "unknown option '%s'", a);
	}
	if (cl->o.pretty && !cl->o.json)
		return arg_error(err, len, "-p/--pretty needs -j/--json");
	if (i >= argc) {
		names(have, sizeof(have), NULL);
		return arg_error(err, len, "no object given (have: %s)", have);
	}
	cl->cmd = lookup(argc - i, argv + i, &used, err, len);
	if (!cl->cmd)
		return -1;
	i += used;
	return cl->cmd->parse(argc - i, argv + i, cl, err, len);
}
