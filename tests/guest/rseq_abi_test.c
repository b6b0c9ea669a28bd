// SPDX-License-Identifier: GPL-2.0
/*
 * rseq_abi_test: the user-visible rseq ABI that the rseq rework (issue 4)
 * must keep, checked on the current kernels so regressions show up.
 * Runs with glibc's own registration disabled
 * (GLIBC_TUNABLES=glibc.pthread.rseq=0) and registers by itself.
 *
 *   rseq_abi_test errors	the documented errno of every bad rseq() call
 *   rseq_abi_test restore	a 32-byte (legacy) registration that scribbles
 *				on cpu_id_start gets it rewritten after a
 *				preemption and before a signal handler runs,
 *				as TCMalloc relies on
 *   rseq_abi_test abort	a critical section is aborted when preempted
 *				and when a signal arrives, and not because
 *				of a syscall made inside it (without
 *				CONFIG_DEBUG_RSEQ, which forbids that)
 *   rseq_abi_test descriptor [64]
 *				what the kernel does with odd descriptors
 *				and struct rseq::flags, inside and outside
 *				the section: the outcomes of 6.12
 *				(docs/rseq.md has the table)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/rseq.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rseq_abi_cs.h"
#include "rseq_stats.h"

#define SCRIBBLE	0xdeadbeefU
#define OPTIMIZE_KNOB	"/sys/kernel/debug/rseq/optimize"

/* The original 32-byte ABI area, aligned as the kernel requires. */
struct rseq_area {
	uint32_t cpu_id_start;
	uint32_t cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
	uint32_t node_id;
	uint32_t mm_cid;
} __attribute__((aligned(32)));

#define RSEQ_READ(x)	(*(volatile typeof(x) *)&(x))

static __thread struct rseq_area area;
/* A 64-byte area: two 32-byte blocks, the first one used. */
static __thread struct rseq_area area_long[2];
static int failed;

static long sys_rseq(void *p, uint32_t len, int flags, uint32_t sig)
{
	return syscall(__NR_rseq, p, len, flags, sig);
}

/* Run the calling thread on @cpu only. */
static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* expect DESC ERRNO CALL: CALL must fail with ERRNO (0: must succeed). */
static void expect(const char *desc, int want, long ret)
{
	int got = ret ? errno : 0;

	if (got == want) {
		printf("ok: %s\n", desc);
	} else {
		printf("FAIL: %s: want %s, got %s\n", desc, want ? strerror(want) : "success",
		       got ? strerror(got) : "success");
		failed = 1;
	}
}

static void check_glibc_off(void)
{
	if (__rseq_size) {
		printf("FAIL: glibc registered rseq; run with GLIBC_TUNABLES=glibc.pthread.rseq=0\n");
		exit(1);
	}
}

static int test_errors(void)
{
	static char buf[128] __attribute__((aligned(64)));
	void *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(gone, 4096);
	expect("length below 32", EINVAL, sys_rseq(&area, 31, 0, RSEQ_ABI_SIG));
	expect("32 bytes, misaligned", EINVAL, sys_rseq(buf + 16, 32, 0, RSEQ_ABI_SIG));
	expect("unknown flag", EINVAL, sys_rseq(&area, 32, 2, RSEQ_ABI_SIG));
	expect("unmapped area", EFAULT, sys_rseq(gone, 32, 0, RSEQ_ABI_SIG));
	expect("kernel address", EFAULT, sys_rseq((void *)0xffff888000000000UL, 32, 0, RSEQ_ABI_SIG));
	expect("register", 0, sys_rseq(&area, 32, 0, RSEQ_ABI_SIG));
	expect("register twice", EBUSY, sys_rseq(&area, 32, 0, RSEQ_ABI_SIG));
	expect("register again with another signature", EPERM, sys_rseq(&area, 32, 0, RSEQ_ABI_SIG + 1));
	expect("register another area", EINVAL, sys_rseq(buf, 32, 0, RSEQ_ABI_SIG));
	expect("unregister another area", EINVAL,
	       sys_rseq(buf, 32, RSEQ_FLAG_UNREGISTER, RSEQ_ABI_SIG));
	expect("unregister with another length", EINVAL,
	       sys_rseq(&area, 64, RSEQ_FLAG_UNREGISTER, RSEQ_ABI_SIG));
	expect("unregister with another signature", EPERM,
	       sys_rseq(&area, 32, RSEQ_FLAG_UNREGISTER, RSEQ_ABI_SIG + 1));
	expect("unregister with an extra flag", EINVAL,
	       sys_rseq(&area, 32, RSEQ_FLAG_UNREGISTER | 2, RSEQ_ABI_SIG));
	expect("unregister", 0, sys_rseq(&area, 32, RSEQ_FLAG_UNREGISTER, RSEQ_ABI_SIG));
	expect("unregister when not registered", EINVAL,
	       sys_rseq(&area, 32, RSEQ_FLAG_UNREGISTER, RSEQ_ABI_SIG));
	if (area.cpu_id != (uint32_t)RSEQ_CPU_ID_UNINITIALIZED) {
		printf("FAIL: cpu_id after unregistration is %d\n", (int)area.cpu_id);
		failed = 1;
	}
	return failed;
}

static void *hog(void *arg)
{
	pin(0);
	for (;;)
		sched_yield();
	return NULL;
}

static void on_alarm(int sig)
{
}

/*
 * The area for a registration of @len bytes: 32 is the legacy ABI, 64
 * an optimized registration (any length above 32 is).
 */
static struct rseq_area *register_area(uint32_t len)
{
	struct rseq_area *rs = len == 32 ? &area : &area_long[0];

	if (sys_rseq(rs, len, 0, RSEQ_ABI_SIG)) {
		perror("rseq register");
		exit(1);
	}
	return rs;
}

static int test_abort(uint32_t len)
{
	unsigned int i, aborted, rounds = 20, quick = 2000;
	struct itimerval it = { .it_interval = { 0, 1000 }, .it_value = { 0, 1000 } };
	struct rseq_area *rs = register_area(len);
	pthread_t t;

	printf("registration of %u bytes\n", len);

	/* Short sections with a syscall, on an otherwise idle CPU. */
	for (i = 0, aborted = 0; i < quick; i++)
		aborted += cs_spin(rs, 100, 1);
	if (aborted > quick / 50) {
		printf("FAIL: %u of %u sections with a syscall were aborted\n", aborted, quick);
		return 1;
	}
	printf("ok: %u of %u sections with a syscall aborted (preemption only)\n", aborted, quick);

	/* A signal every millisecond lands inside long sections. */
	signal(SIGALRM, on_alarm);
	setitimer(ITIMER_REAL, &it, NULL);
	for (i = 0, aborted = 0; i < rounds; i++)
		aborted += cs_spin(rs, 50000000, 0);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	if (aborted < rounds) {
		printf("FAIL: only %u of %u sections hit by signals were aborted\n", aborted, rounds);
		return 1;
	}
	printf("ok: %u of %u sections hit by signals aborted\n", aborted, rounds);

	/* A busy thread on the same CPU preempts long sections. */
	pin(0);
	if (pthread_create(&t, NULL, hog, NULL))
		return 1;
	for (i = 0, aborted = 0; i < rounds; i++)
		aborted += cs_spin(rs, 50000000, 0);
	if (aborted < rounds / 2) {
		printf("FAIL: only %u of %u preempted sections were aborted\n", aborted, rounds);
		return 1;
	}
	printf("ok: %u of %u sections sharing the CPU aborted\n", aborted, rounds);
	return 0;
}

static volatile sig_atomic_t alarmed, looping;

/*
 * Only a signal that finds desc_child() in its loop counts.  An earlier
 * one may be delivered at the exit of a syscall (setitimer() itself,
 * when the vCPU is descheduled for a millisecond), where an optimized
 * registration evaluates nothing by design: counting it made the
 * outside cases flaky.  Once looping is set there are no syscalls, so
 * the first signal delivered after it interrupted user space.
 */
static void on_alarm_note(int sig)
{
	if (looping)
		alarmed = 1;
}

/*
 * A SIGALRM every ms: it interrupts user space, as the checks need, and
 * one that fires before the loop has started is followed by another.
 */
static void arm_alarm(void)
{
	struct itimerval it = { .it_interval = { 0, 1000 }, .it_value = { 0, 1000 } };

	alarmed = 0;
	looping = 0;
	signal(SIGALRM, on_alarm_note);
	setitimer(ITIMER_REAL, &it, NULL);
}

enum outcome { UNSET, SURVIVED, ABORTED, COMPLETED, KILLED_SEGV, OTHER };
static const char * const outcome_name[] = {
	"-", "survived", "aborted", "completed", "SIGSEGV", "other",
};

struct desc_case {
	const char *name;
	uint32_t version, cs_flags, rseq_flags;
	int bad_sig;		/* abort_ip without the signature before it */
	int inside;		/* the signal lands inside the section */
	int by_syscall;		/* the signal is raised by a syscall, not a timer */
	int syscall_first;	/* a timer signal ends a pause() before the loop */
	enum outcome want;	/* 6.12's outcome, which the series keeps */
	/*
	 * The outcome for an optimized registration of the patched kernel
	 * where it differs by design: a signal sent by a syscall cannot
	 * interrupt a section, so nothing is evaluated (upstream's rule).
	 */
	enum outcome want_optimized;
};

static const struct desc_case desc_cases[] = {
	{ "descriptor flags=1 outside the section", 0, 1, 0, 0, 0, 0, 0, SURVIVED },
	{ "descriptor flags=1 inside the section", 0, 1, 0, 0, 1, 0, 0, KILLED_SEGV },
	{ "struct rseq flags=1 outside the section", 0, 0, 1, 0, 0, 0, 0, SURVIVED },
	{ "struct rseq flags=1 inside the section", 0, 0, 1, 0, 1, 0, 0, KILLED_SEGV },
	{ "descriptor version=1 outside the section", 1, 0, 0, 0, 0, 0, 0, KILLED_SEGV },
	{ "descriptor version=1 inside the section", 1, 0, 0, 0, 1, 0, 0, KILLED_SEGV },
	{ "bad signature outside the section", 0, 0, 0, 1, 0, 0, 0, KILLED_SEGV },
	{ "bad signature outside, after a signal at a syscall exit", 0, 0, 0, 1, 0, 0, 1,
	  KILLED_SEGV },
	{ "bad signature inside the section", 0, 0, 0, 1, 1, 0, 0, KILLED_SEGV },
	{ "valid descriptor inside the section", 0, 0, 0, 0, 1, 0, 0, ABORTED },
	{ "valid descriptor outside the section", 0, 0, 0, 0, 0, 0, 0, SURVIVED },
	{ "descriptor version=1 outside, signal sent by a syscall", 1, 0, 0, 0, 0, 1, 0,
	  KILLED_SEGV, SURVIVED },
};

/* The child of run_desc_case(): exit status says what happened. */
static int desc_child(const struct desc_case *c, uint32_t len)
{
	static struct rseq_cs desc __attribute__((aligned(32)));
	struct rseq_area *rs = register_area(len);

	desc.version = c->version;
	desc.flags = c->cs_flags;
	desc.start_ip = (uintptr_t)cs_loop_start;
	desc.post_commit_offset = cs_loop_end - cs_loop_start;
	desc.abort_ip = (uintptr_t)(c->bad_sig ? cs_loop_end : cs_loop_abort);
	RSEQ_READ(rs->flags) = c->rseq_flags;
	if (c->inside) {
		arm_alarm();
		return cs_loop(rs, &desc, 4000000000UL) ? ABORTED : COMPLETED;
	}
	RSEQ_READ(rs->rseq_cs) = (uintptr_t)&desc;
	if (c->by_syscall) {
		signal(SIGALRM, on_alarm_note);
		raise(SIGALRM);
	} else {
		arm_alarm();
		if (c->syscall_first)
			pause();
		looping = 1;
		while (!alarmed)
			;
	}
	return SURVIVED;
}

static enum outcome run_desc_case(const struct desc_case *c, uint32_t len)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(desc_child(c, len));
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return OTHER;
	if (WIFSIGNALED(status))
		return WTERMSIG(status) == SIGSEGV ? KILLED_SEGV : OTHER;
	if (WIFEXITED(status) && WEXITSTATUS(status) < OTHER)
		return WEXITSTATUS(status);
	return OTHER;
}

/*
 * Odd descriptors and struct rseq::flags, each met by a signal inside
 * or outside the section, in a child of its own.  The kernel must do
 * what 6.12 did: check the descriptor (version, ranges, signature)
 * whenever it evaluates one, and the flags only inside the section.
 */
static int test_descriptor(uint32_t len)
{
	/* Only the patched kernel has the knob; there, over 32 bytes is optimized. */
	int optimized = len > 32 && !access(OPTIMIZE_KNOB, F_OK);
	unsigned int i;
	int ret = 0;

	for (i = 0; i < sizeof(desc_cases) / sizeof(desc_cases[0]); i++) {
		const struct desc_case *c = &desc_cases[i];
		enum outcome want = optimized && c->want_optimized ? c->want_optimized : c->want;
		enum outcome got = run_desc_case(c, len);

		if (got == want) {
			printf("ok: %u bytes: %s: %s\n", len, c->name, outcome_name[got]);
		} else {
			printf("FAIL: %u bytes: %s: want %s, got %s\n", len, c->name,
			       outcome_name[want], outcome_name[got]);
			ret = 1;
		}
	}
	return ret;
}

static volatile uint32_t seen_in_handler;

static void handler(int sig)
{
	seen_in_handler = RSEQ_READ(area.cpu_id_start);
}

static int test_restore(void)
{
	unsigned int i, restored = 0, rounds = 200;
	pthread_t t;

	if (sys_rseq(&area, 32, 0, RSEQ_ABI_SIG)) {
		perror("rseq register");
		return 1;
	}
	pin(0);
	if (pthread_create(&t, NULL, hog, NULL))
		return 1;
	for (i = 0; i < rounds; i++) {
		RSEQ_READ(area.cpu_id_start) = SCRIBBLE;
		sched_yield();	/* the hog on CPU 0 runs: a context switch */
		if (RSEQ_READ(area.cpu_id_start) == 0)
			restored++;
	}
	if (restored < rounds / 2) {
		printf("FAIL: cpu_id_start restored after %u of %u switches\n", restored, rounds);
		return 1;
	}
	printf("ok: cpu_id_start restored after %u of %u switches\n", restored, rounds);

	signal(SIGUSR1, handler);
	for (i = 0; i < rounds; i++) {
		RSEQ_READ(area.cpu_id_start) = SCRIBBLE;
		seen_in_handler = SCRIBBLE;
		raise(SIGUSR1);
		if (seen_in_handler != 0) {
			printf("FAIL: signal handler saw cpu_id_start %#x\n", seen_in_handler);
			return 1;
		}
	}
	printf("ok: every signal handler saw cpu_id_start restored (%u signals)\n", rounds);
	return 0;
}

/* The IDs in @rs must say @cpu; returns 1 (and says why) if not. */
static int ids_wrong(struct rseq_area *rs, int cpu, const char *when)
{
	uint32_t start = RSEQ_READ(rs->cpu_id_start), id = RSEQ_READ(rs->cpu_id);
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);

	if (start == (uint32_t)cpu && id == (uint32_t)cpu && RSEQ_READ(rs->node_id) == 0 &&
	    RSEQ_READ(rs->mm_cid) < ncpus)
		return 0;
	printf("FAIL: %s: on CPU %d: cpu_id_start %u cpu_id %u node_id %u mm_cid %u\n",
	       when, cpu, start, id, rs->node_id, rs->mm_cid);
	return 1;
}

/*
 * Scribble on cpu_id_start of @rs, sleep on a CPU of our own (a switch
 * without an interrupt from user space and without ID changes), and
 * return how many of @rounds times the kernel wrote it back.
 */
static unsigned int count_rewrites(struct rseq_area *rs, unsigned int rounds)
{
	unsigned int i, rewritten = 0;

	for (i = 0; i < rounds; i++) {
		RSEQ_READ(rs->cpu_id_start) = SCRIBBLE;
		usleep(1000);
		if (RSEQ_READ(rs->cpu_id_start) != SCRIBBLE)
			rewritten++;
	}
	return rewritten;
}

/*
 * An optimized (64-byte) registration: IDs are right after
 * registration and after every migration, and the kernel writes them
 * only when they change (the scribble survives a plain sleep).
 */
static int test_optimized(void)
{
	long ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct rseq_area *rs;
	unsigned int rewritten, i;
	int cpu;

	pin(0);
	rs = register_area(64);
	if (ids_wrong(rs, 0, "after registration"))
		return 1;
	for (i = 0; i < 200; i++) {
		cpu = (i * 7 + 1) % ncpus;
		if (pin(cpu)) {
			perror("sched_setaffinity");
			return 1;
		}
		if (ids_wrong(rs, cpu, "after migration"))
			return 1;
	}
	printf("ok: IDs right after registration and 200 migrations over %ld CPUs\n", ncpus);

	pin(0);
	rewritten = count_rewrites(rs, 200);
	if (rewritten) {
		printf("FAIL: optimized: cpu_id_start rewritten after %u of 200 sleeps\n", rewritten);
		return 1;
	}
	pin(1);
	if (ids_wrong(rs, 1, "after migrating with a scribbled cpu_id_start"))
		return 1;
	printf("ok: optimized: no ID writes without changes, written on migration\n");
	return 0;
}

static int write_knob(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(val, f) < 0 || fclose(f)) {
		printf("FAIL: cannot write %s to %s\n", val, path);
		return 1;
	}
	return 0;
}

/* Run by test_glibc(): glibc's registration must behave as @want. */
static int glibc_child(const char *want)
{
	struct rseq_area *rs = (struct rseq_area *)((char *)__builtin_thread_pointer() +
						    __rseq_offset);
	unsigned int rewritten;

	if (__rseq_size == 0) {
		printf("FAIL: glibc did not register rseq\n");
		return 1;
	}
	pin(0);
	rewritten = count_rewrites(rs, 100);
	printf("%s: glibc's %u-byte registration: cpu_id_start rewritten after %u of 100 sleeps\n",
	       want, __rseq_size, rewritten);
	/*
	 * A sleep whose timer fires before the task has scheduled away is no
	 * switch at all, so legacy mode may miss a few; optimized mode must
	 * never write.
	 */
	if (!strcmp(want, "legacy") ? rewritten < 90 : rewritten != 0) {
		printf("FAIL: glibc's registration is not %s\n", want);
		return 1;
	}
	return 0;
}

/* Run ourselves with glibc's registration, which happens at startup. */
static int run_child(const char *self, const char *want)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "env -u GLIBC_TUNABLES %s glibc-child %s", self, want);
	return system(cmd) != 0;
}

/*
 * rseq_optimize (here its debugfs knob) makes glibc's 32-byte
 * registrations optimized; without it they are legacy, for TCMalloc.
 */
static int test_glibc(const char *self)
{
	int ret = 0;

	if (write_knob(OPTIMIZE_KNOB, "1"))
		return 1;
	ret |= run_child(self, "optimized");
	if (write_knob(OPTIMIZE_KNOB, "0"))
		return 1;
	ret |= run_child(self, "legacy");
	if (!ret)
		printf("ok: glibc threads are optimized with the knob, legacy without\n");
	return ret;
}

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("FAIL: stats: %s\n", #cond);			\
		ret = 1;						\
	}								\
} while (0)

/*
 * The counters after a workload that aborts sections on signals and
 * preemption: consistent with each other and with what we saw.
 */
static int test_stats(void)
{
	struct stats a, b, d;
	int ret = 0, status;
	pid_t pid;

	if (read_stats(&a))
		return 1;
	pid = fork();
	if (pid == 0)
		_exit(test_abort(64));
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status) {
		printf("FAIL: the abort workload failed\n");
		return 1;
	}
	if (read_stats(&b))
		return 1;
	stats_delta(&a, &b, &d);
	CHECK(d.exit > 0);
	CHECK(d.fastp + d.slowp <= d.exit);
	CHECK(d.cs == d.clear + d.fixup);
	CHECK(d.ids <= d.fastp + d.slowp);
	/*
	 * Every architecture this test runs on (x86_64, arm64) does the
	 * work in the exit fast path, after every switch of a legacy area.
	 */
	CHECK(d.fastp > 0);
	/*
	 * 20 signal aborts and at least 10 preemption aborts were seen.  Most
	 * of the 20 signals interrupt user space and are checked; one that
	 * lands while the thread is in a syscall needs no check.
	 */
	CHECK(d.fixup >= 30);
	CHECK(d.signal >= 10);
	CHECK(d.ids > 0);
	if (!ret)
		printf("ok: stats consistent: fastp + slowp <= exit, cs = clear + fixup\n");
	return ret;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "glibc-child"))
		return glibc_child(argv[2]);
	check_glibc_off();
	if (argc == 2 && !strcmp(argv[1], "errors"))
		return test_errors();
	if (argc == 2 && !strcmp(argv[1], "restore"))
		return test_restore();
	if (argc >= 2 && !strcmp(argv[1], "abort"))
		return test_abort(argc == 3 ? atoi(argv[2]) : 32);
	if (argc >= 2 && !strcmp(argv[1], "descriptor"))
		return test_descriptor(argc == 3 ? atoi(argv[2]) : 32);
	if (argc == 2 && !strcmp(argv[1], "optimized"))
		return test_optimized();
	if (argc == 2 && !strcmp(argv[1], "glibc"))
		return test_glibc(argv[0]);
	if (argc == 2 && !strcmp(argv[1], "stats"))
		return test_stats();
	fprintf(stderr, "usage: rseq_abi_test errors|restore|abort [64]|descriptor [64]|optimized|glibc|stats\n");
	return 2;
}
