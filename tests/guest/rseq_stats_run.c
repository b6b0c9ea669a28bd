// SPDX-License-Identifier: GPL-2.0
/*
 * rseq_stats_run CMD [ARGS...]: run CMD between two reads of
 * /sys/kernel/debug/rseq/stats (patched kernel, CONFIG_RSEQ_STATS) and
 * check the deltas as the generic entry code produces them: CMD exited
 * 0, returns to user space were counted, the exit fast path ran
 * (fastp > 0), every fast or slow path run belongs to an exit
 * (fastp + slowp <= exit), IDs were written (0 < ids <= fastp + slowp)
 * and every critical section looked at was cleared or aborted
 * (cs = clear + fixup).
 *
 * For architectures with HAVE_RSEQ_EXIT_WORK (GENERIC_ENTRY: x86,
 * riscv64, s390, loongarch in 6.12; arm64 with patch 0017): riscv64
 * gets there with TIF_RSEQ aliased to TIF_NOTIFY_RESUME, which is what
 * its smoke plan shows.
 */
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

#include "rseq_stats.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("FAIL: %s\n", #cond);				\
		ret = 1;						\
	}								\
} while (0)

int main(int argc, char **argv)
{
	struct stats a, b, d;
	int ret = 0, status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: rseq_stats_run CMD [ARGS...]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (read_stats(&a))
		return 1;
	pid = fork();
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		perror("FAIL: fork/wait");
		return 1;
	}
	if (read_stats(&b))
		return 1;
	stats_delta(&a, &b, &d);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("FAIL: %s did not exit 0 (status 0x%x)\n", argv[1], status);
		ret = 1;
	}
	CHECK(d.exit > 0);
	CHECK(d.fastp > 0);
	CHECK(d.fastp + d.slowp <= d.exit);
	CHECK(d.ids > 0);
	CHECK(d.ids <= d.fastp + d.slowp);
	CHECK(d.cs == d.clear + d.fixup);
	if (!ret)
		printf("ok: the exit fast path ran %lu times for %lu exits\n", d.fastp, d.exit);
	return ret;
}
