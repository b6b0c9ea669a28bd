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
#include <unistd.h>

#define SIG		0x53053053
#define SCRIBBLE	0xdeadbeefU

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
static int failed;

static long sys_rseq(void *p, uint32_t len, int flags, uint32_t sig)
{
	return syscall(__NR_rseq, p, len, flags, sig);
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
	expect("length below 32", EINVAL, sys_rseq(&area, 31, 0, SIG));
	expect("32 bytes, misaligned", EINVAL, sys_rseq(buf + 16, 32, 0, SIG));
	expect("unknown flag", EINVAL, sys_rseq(&area, 32, 2, SIG));
	expect("unmapped area", EFAULT, sys_rseq(gone, 32, 0, SIG));
	expect("kernel address", EFAULT, sys_rseq((void *)0xffff888000000000UL, 32, 0, SIG));
	expect("register", 0, sys_rseq(&area, 32, 0, SIG));
	expect("register twice", EBUSY, sys_rseq(&area, 32, 0, SIG));
	expect("register again with another signature", EPERM, sys_rseq(&area, 32, 0, SIG + 1));
	expect("register another area", EINVAL, sys_rseq(buf, 32, 0, SIG));
	expect("unregister another area", EINVAL,
	       sys_rseq(buf, 32, RSEQ_FLAG_UNREGISTER, SIG));
	expect("unregister with another length", EINVAL,
	       sys_rseq(&area, 64, RSEQ_FLAG_UNREGISTER, SIG));
	expect("unregister with another signature", EPERM,
	       sys_rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG + 1));
	expect("unregister with an extra flag", EINVAL,
	       sys_rseq(&area, 32, RSEQ_FLAG_UNREGISTER | 2, SIG));
	expect("unregister", 0, sys_rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG));
	expect("unregister when not registered", EINVAL,
	       sys_rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG));
	if (area.cpu_id != (uint32_t)RSEQ_CPU_ID_UNINITIALIZED) {
		printf("FAIL: cpu_id after unregistration is %d\n", (int)area.cpu_id);
		failed = 1;
	}
	return failed;
}

static void *hog(void *arg)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	for (;;)
		sched_yield();
	return NULL;
}

/*
 * Spin @loops times inside a critical section, after a getppid() in it
 * if @do_syscall; return 1 if the kernel aborted the section.
 */
static int cs_spin(unsigned long loops, int do_syscall)
{
	struct rseq_area *rs = &area;

	__asm__ __volatile__ goto (
		".pushsection __rseq_cs, \"aw\"\n\t"
		".balign 32\n\t"
		"3:\n\t"
		".long 0, 0\n\t"
		".quad 1f, (2f - 1f), 4f\n\t"
		".popsection\n\t"
		"leaq 3b(%%rip), %%rax\n\t"
		"movq %%rax, 8(%[rs])\n\t"
		"1:\n\t"
		"movq %[loops], %%rdx\n\t"
		"testl %[sys], %[sys]\n\t"
		"jz 5f\n\t"
		"movl %[nr], %%eax\n\t"
		"syscall\n\t"
		"5:\n\t"
		"decq %%rdx\n\t"
		"jnz 5b\n\t"
		"2:\n\t"
		".pushsection __rseq_failure, \"ax\"\n\t"
		".byte 0x0f, 0xb9, 0x3d\n\t"
		".long 0x53053053\n\t"
		"4:\n\t"
		"jmp %l[aborted]\n\t"
		".popsection\n\t"
		: : [rs] "r" (rs), [loops] "r" (loops), [sys] "r" (do_syscall),
		    [nr] "i" (__NR_getppid)
		: "memory", "cc", "rax", "rcx", "rdx", "r11"
		: aborted);
	return 0;
aborted:
	return 1;
}

static void on_alarm(int sig)
{
}

static int test_abort(void)
{
	unsigned int i, aborted, rounds = 20, quick = 2000;
	struct itimerval it = { .it_interval = { 0, 1000 }, .it_value = { 0, 1000 } };
	pthread_t t;
	cpu_set_t set;

	if (sys_rseq(&area, 32, 0, SIG)) {
		perror("rseq register");
		return 1;
	}

	/* Short sections with a syscall, on an otherwise idle CPU. */
	for (i = 0, aborted = 0; i < quick; i++)
		aborted += cs_spin(100, 1);
	if (aborted > quick / 50) {
		printf("FAIL: %u of %u sections with a syscall were aborted\n", aborted, quick);
		return 1;
	}
	printf("ok: %u of %u sections with a syscall aborted (preemption only)\n", aborted, quick);

	/* A signal every millisecond lands inside long sections. */
	signal(SIGALRM, on_alarm);
	setitimer(ITIMER_REAL, &it, NULL);
	for (i = 0, aborted = 0; i < rounds; i++)
		aborted += cs_spin(50000000, 0);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	if (aborted < rounds) {
		printf("FAIL: only %u of %u sections hit by signals were aborted\n", aborted, rounds);
		return 1;
	}
	printf("ok: %u of %u sections hit by signals aborted\n", aborted, rounds);

	/* A busy thread on the same CPU preempts long sections. */
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	if (pthread_create(&t, NULL, hog, NULL))
		return 1;
	for (i = 0, aborted = 0; i < rounds; i++)
		aborted += cs_spin(50000000, 0);
	if (aborted < rounds / 2) {
		printf("FAIL: only %u of %u preempted sections were aborted\n", aborted, rounds);
		return 1;
	}
	printf("ok: %u of %u sections sharing the CPU aborted\n", aborted, rounds);
	return 0;
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
	cpu_set_t set;

	if (sys_rseq(&area, 32, 0, SIG)) {
		perror("rseq register");
		return 1;
	}
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
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

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	check_glibc_off();
	if (argc == 2 && !strcmp(argv[1], "errors"))
		return test_errors();
	if (argc == 2 && !strcmp(argv[1], "restore"))
		return test_restore();
	if (argc == 2 && !strcmp(argv[1], "abort"))
		return test_abort();
	fprintf(stderr, "usage: rseq_abi_test errors|restore|abort\n");
	return 2;
}
