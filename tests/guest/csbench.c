// SPDX-License-Identifier: GPL-2.0
/*
 * csbench: context-switch micro-benchmarks for stock vs patched kernels.
 * Run under QEMU -icount, where guest time counts instructions, so the
 * numbers repeat exactly for the same kernel and inputs.
 *
 *   csbench pingpong ROUNDS		2 threads, pipe round trips
 *   csbench pingpong-pinned ROUNDS	the same with both on CPU 0, so
 *					every round trip is 2 context switches
 *   csbench yield THREADS MS		threads calling sched_yield() for MS ms
 *   csbench yield-pinned THREADS MS	the same, spread over CPUs evenly
 *   csbench pairs PAIRS ROUNDS		PAIRS pingpong pairs at once, unpinned
 *   csbench paths N			instructions per path, see below
 *
 * The yield cases run for a fixed time, so all threads overlap for the
 * whole measurement, and report ns of CPU time per yield: MS on each CPU
 * in use divided by all yields.
 *
 * The pairs case reports ns of CPU time per round trip: the elapsed time
 * on each CPU in use divided by all round trips.
 *
 * The paths case prints the instructions of single kernel paths, from
 * CPU 0: "null" a getppid() syscall (not cached by glibc), "fault" a
 * read fault on a fresh anonymous page (the exception entry and exit to
 * user space plus mapping the zero page), "yield" a sched_yield() that
 * finds nothing else to run, "switch" one context switch (two threads on
 * CPU 0 yielding to each other, less their two yield syscalls).  Each is
 * (t(2N) - t(N)) / N, where t(n) is the shortest of BATCHES timed runs
 * of n operations: the fixed costs (clock reads, loop set-up) cancel, and
 * the shortest run is one no timer tick or other interrupt hit, so under
 * -icount the result is exact up to the clock's rounding (1 ns / N).
 *
 * Prints "CASE NS_PER_OP" on stdout.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Timed runs per size in the paths case; the shortest counts. */
#define BATCHES		30

static unsigned long loops;
static int pinned, nr_cpus;
static volatile int stop;
static int pipes[2][2];
static pthread_barrier_t start;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static unsigned long parse(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end || !v)
		die("bad number");
	return v;
}

static void pin_self(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

static void *ponger(void *arg)
{
	unsigned long i;
	char c;

	if (pinned)
		pin_self(0);
	for (i = 0; i < loops; i++) {
		if (read(pipes[0][0], &c, 1) != 1 || write(pipes[1][1], &c, 1) != 1)
			die("ponger");
	}
	return NULL;
}

static double pingpong(void)
{
	unsigned long long t0;
	unsigned long i;
	pthread_t t;
	char c = 'x';

	if (pipe(pipes[0]) || pipe(pipes[1]))
		die("pipe");
	if (pinned)
		pin_self(0);
	if (pthread_create(&t, NULL, ponger, NULL))
		die("pthread_create");
	t0 = now_ns();
	for (i = 0; i < loops; i++) {
		if (write(pipes[0][1], &c, 1) != 1 || read(pipes[1][0], &c, 1) != 1)
			die("pinger");
	}
	t0 = now_ns() - t0;
	pthread_join(t, NULL);
	return (double)t0 / loops;
}

static void *yielder(void *arg)
{
	unsigned long *count = arg;
	unsigned long n = 0;

	if (pinned)
		pin_self(*count % nr_cpus);
	pthread_barrier_wait(&start);
	while (!stop) {
		sched_yield();
		n++;
	}
	*count = n;
	return NULL;
}

static double yield(long threads, unsigned long ms)
{
	unsigned long *counts = calloc(threads, sizeof(*counts));
	pthread_t *t = calloc(threads, sizeof(*t));
	unsigned long total = 0;
	long i, cpus;

	if (!t || !counts)
		die("calloc");
	pthread_barrier_init(&start, NULL, threads + 1);
	for (i = 0; i < threads; i++) {
		counts[i] = i;	/* the CPU to pin to, on the way in */
		if (pthread_create(&t[i], NULL, yielder, &counts[i]))
			die("pthread_create");
	}
	pthread_barrier_wait(&start);
	usleep(ms * 1000);
	stop = 1;
	for (i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		total += counts[i];
	}
	free(t);
	free(counts);
	cpus = threads < nr_cpus ? threads : nr_cpus;
	return total ? (double)ms * 1000000 * cpus / total : 0;
}

struct pair {
	int fd[2][2];
	pthread_t t[2];
	int side;
};

/* One side of a pair: side 0 writes first, side 1 answers. */
static void *pair_side(void *arg)
{
	struct pair *p = arg;
	int side = __atomic_fetch_add(&p->side, 1, __ATOMIC_RELAXED);
	int in = p->fd[side][0], out = p->fd[!side][1];
	unsigned long i;
	char c = 'x';

	pthread_barrier_wait(&start);
	for (i = 0; i < loops; i++) {
		if (side == 0 && write(out, &c, 1) != 1)
			die("pair write");
		if (read(in, &c, 1) != 1)
			die("pair read");
		if (side == 1 && write(out, &c, 1) != 1)
			die("pair write");
	}
	return NULL;
}

static double pairs(long n)
{
	struct pair *p = calloc(n, sizeof(*p));
	unsigned long long t0;
	long i, cpus;

	if (!p)
		die("calloc");
	pthread_barrier_init(&start, NULL, 2 * n + 1);
	for (i = 0; i < n; i++) {
		if (pipe(p[i].fd[0]) || pipe(p[i].fd[1]))
			die("pipe");
		if (pthread_create(&p[i].t[0], NULL, pair_side, &p[i]) ||
		    pthread_create(&p[i].t[1], NULL, pair_side, &p[i]))
			die("pthread_create");
	}
	pthread_barrier_wait(&start);
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		pthread_join(p[i].t[0], NULL);
		pthread_join(p[i].t[1], NULL);
	}
	t0 = now_ns() - t0;
	free(p);
	cpus = 2 * n < nr_cpus ? 2 * n : nr_cpus;
	return (double)t0 * cpus / (n * loops);
}

/* The shortest of BATCHES runs of op(n), in guest ns. */
static unsigned long long shortest(void (*op)(unsigned long), unsigned long n)
{
	unsigned long long t, best = ~0ULL;
	int i;

	for (i = 0; i < BATCHES; i++) {
		t = now_ns();
		op(n);
		t = now_ns() - t;
		if (t < best)
			best = t;
	}
	return best;
}

/* ns per operation with the fixed costs of a run cancelled. */
static double per_op(void (*op)(unsigned long), unsigned long n)
{
	unsigned long long t1 = shortest(op, n), t2 = shortest(op, 2 * n);

	return t2 > t1 ? (double)(t2 - t1) / n : 0;
}

static void op_null(unsigned long n)
{
	while (n--)
		syscall(SYS_getppid);
}

static void op_yield(unsigned long n)
{
	while (n--)
		sched_yield();
}

static char *fault_area;
static int fault_sum;

/* Read faults on n untouched pages; mapped and unmapped untimed. */
static void op_fault(unsigned long n)
{
	unsigned long i;
	int sum = 0;

	for (i = 0; i < n; i++)
		sum += fault_area[i * 4096];
	fault_sum += sum;
}

static unsigned long long fault_shortest(unsigned long n)
{
	unsigned long long t, best = ~0ULL;
	int i;

	for (i = 0; i < BATCHES; i++) {
		fault_area = mmap(NULL, n * 4096, PROT_READ,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (fault_area == MAP_FAILED)
			die("mmap");
		t = now_ns();
		op_fault(n);
		t = now_ns() - t;
		munmap(fault_area, n * 4096);
		if (t < best)
			best = t;
	}
	return best;
}

static void *yield_partner(void *arg)
{
	pin_self(0);
	pthread_barrier_wait(&start);
	while (!stop)
		sched_yield();
	return NULL;
}

static void paths(unsigned long n)
{
	unsigned long long f1, f2;
	double yield, pair;
	pthread_t t;

	pin_self(0);
	printf("null %.2f\n", per_op(op_null, n));
	f1 = fault_shortest(n);
	f2 = fault_shortest(2 * n);
	printf("fault %.2f\n", f2 > f1 ? (double)(f2 - f1) / n : 0);
	yield = per_op(op_yield, n);
	printf("yield %.2f\n", yield);
	/* Each yield of this thread now runs the partner's once. */
	pthread_barrier_init(&start, NULL, 2);
	if (pthread_create(&t, NULL, yield_partner, NULL))
		die("pthread_create");
	pthread_barrier_wait(&start);
	pair = per_op(op_yield, n);
	stop = 1;
	pthread_join(t, NULL);
	printf("switch %.2f\n", (pair - 2 * yield) / 2);
}

int main(int argc, char **argv)
{
	nr_cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (argc == 3 && (!strcmp(argv[1], "pingpong") ||
			  !strcmp(argv[1], "pingpong-pinned"))) {
		pinned = !strcmp(argv[1], "pingpong-pinned");
		loops = parse(argv[2]);
		printf("%s %.1f\n", argv[1], pingpong());
		return 0;
	}
	if (argc == 4 && (!strcmp(argv[1], "yield") || !strcmp(argv[1], "yield-pinned"))) {
		long threads = parse(argv[2]);

		pinned = !strcmp(argv[1], "yield-pinned");
		printf("%s-%ld %.1f\n", argv[1], threads, yield(threads, parse(argv[3])));
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "pairs")) {
		long n = parse(argv[2]);

		loops = parse(argv[3]);
		printf("pairs-%ld %.1f\n", n, pairs(n));
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "paths")) {
		paths(parse(argv[2]));
		return 0;
	}
	fprintf(stderr, "usage: csbench pingpong[-pinned] ROUNDS | yield[-pinned] THREADS MS |\n");
	fprintf(stderr, "       pairs PAIRS ROUNDS | paths N\n");
	return 2;
}
