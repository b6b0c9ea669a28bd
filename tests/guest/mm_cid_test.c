// SPDX-License-Identifier: GPL-2.0
/*
 * mm_cid_test: user-space checks of the MM CID ownership scheme, run in
 * the test VM.  Each subcommand asserts and exits non-zero on the first
 * violation; see usage() and docs/mm_cid-tests.md.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mm_cid_test.h"

unsigned int nr_possible, nr_online;
static cpu_set_t online_set;

void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("FAIL: ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	fflush(stdout);
	_exit(1);
}

/*
 * Read a /sys/devices/system/cpu list ("0-3", "0,2-3") into @set; return
 * the highest CPU in it plus one.  Online may have holes while another
 * program takes CPUs offline (the soak does).
 */
static unsigned int read_cpu_list(const char *name, cpu_set_t *set)
{
	unsigned int first, last, end = 0, cpu;
	char path[64];
	FILE *f;
	int n, c;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/%s", name);
	f = fopen(path, "r");
	if (!f)
		fail("cannot open %s", path);
	CPU_ZERO(set);
	do {
		n = fscanf(f, "%u-%u", &first, &last);
		if (n == 1)
			last = first;
		if (n < 1 || last < first || last >= CPU_SETSIZE)
			fail("%s is not a CPU list", path);
		for (cpu = first; cpu <= last; cpu++)
			CPU_SET(cpu, set);
		end = last + 1;
		c = fgetc(f);
	} while (c == ',');
	if (c != '\n')
		fail("%s is not a CPU list", path);
	fclose(f);
	return end;
}

/* The @i-th online CPU when the test started (0 <= @i < nr_online). */
int online_cpu(unsigned int i)
{
	unsigned int seen = 0;
	int cpu;

	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &online_set) && seen++ == i)
			return cpu;
	fail("no online CPU number %u", i);
}

void register_thread(void)
{
	if (rseq_register_current_thread())
		fail("rseq registration failed");
	if (!rseq_mm_cid_available())
		fail("the kernel does not publish mm_cid");
}

void init_test(void)
{
	cpu_set_t possible;

	setvbuf(stdout, NULL, _IOLBF, 0);
	nr_possible = read_cpu_list("possible", &possible);
	read_cpu_list("online", &online_set);
	nr_online = CPU_COUNT(&online_set);
	register_thread();
}

/* The CID now, checked against the bound every CID must respect. */
unsigned int current_cid(void)
{
	unsigned int cid = rseq_current_mm_cid();

	if (cid >= nr_possible)
		fail("mm_cid %#x is not below nr_possible_cpus %u", cid, nr_possible);
	return cid;
}

/* The CID after being switched in again: converged, if it had to. */
unsigned int settled_cid(void)
{
	usleep(2000);
	return current_cid();
}

void pin_to_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fail("sched_setaffinity(cpu %d): %m", cpu);
	sched_yield();
	if (sched_getcpu() != cpu)
		fail("still on cpu %d after pinning to %d", sched_getcpu(), cpu);
}

void allow_all_cpus(void)
{
	cpu_set_t set;
	unsigned int cpu;

	CPU_ZERO(&set);
	for (cpu = 0; cpu < nr_possible; cpu++)
		CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fail("sched_setaffinity(all): %m");
}

unsigned int arg_uint(int argc, char **argv, int i, unsigned int def)
{
	char *end;
	unsigned long v;

	if (i >= argc)
		return def;
	v = strtoul(argv[i], &end, 0);
	if (!*argv[i] || *end || v > 1000000000UL)
		fail("bad number '%s'", argv[i]);
	return v;
}

void spin_for(unsigned int loops)
{
	while (loops--)
		rseq_barrier();
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
} tests[] = {
	{ "unique", test_unique, "THREADS ITERATIONS" },
	{ "unique-selfcheck", test_unique_selfcheck, "[ITERATIONS]" },
	{ "compact", test_compact, "" },
	{ "migrate", test_migrate, "HOPS" },
	{ "modes", test_modes, "(run under taskset -c 0,1)" },
	{ "affinity", test_affinity, "(run under taskset -c 0)" },
	{ "forkstorm", test_forkstorm, "ROUNDS" },
	{ "exec", test_exec, "ROUNDS" },
	{ "exec-check", test_exec_check, "(internal: the image execve starts)" },
	{ "execaff", test_execaff, "ROUNDS" },
	{ "execaff-child", test_execaff_child, "(internal: N more execve)" },
	{ "hotplug", test_hotplug, "ROUNDS" },
	{ "hold", test_hold, "THREADS SECONDS (a workload for the module tests)" },
	{ "soak", test_soak, "SECONDS MAX_THREADS (counts, for soak-run.sh)" },
	{ "soak-selfcheck", test_soak_selfcheck, "" },
};

static int usage(void)
{
	unsigned int i;

	fprintf(stderr, "usage: mm_cid_test TEST [ARGS]\n");
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		fprintf(stderr, "  %s %s\n", tests[i].name, tests[i].args);
	return 2;
}

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc < 2)
		return usage();
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (!strcmp(argv[1], tests[i].name)) {
			init_test();
			return tests[i].fn(argc - 2, argv + 2);
		}
	}
	fprintf(stderr, "mm_cid_test: unknown test '%s'\n", argv[1]);
	return usage();
}
