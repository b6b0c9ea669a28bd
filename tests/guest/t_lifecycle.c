// SPDX-License-Identifier: GPL-2.0
/*
 * Users coming and going: fork/vfork/posix_spawn/pthread storms that keep
 * crossing the mode thresholds, processes killed in the middle, execve
 * from a thread of a per-CPU mode process (also failing), execve against
 * affinity changes, and CPU hotplug while CIDs are checked for uniqueness.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "threads.h"

extern char **environ;

static void wait_ok(pid_t pid, const char *what)
{
	int status;

	if (pid < 0)
		fail("%s: %m", what);
	if (waitpid(pid, &status, 0) != pid)
		fail("waitpid(%s): %m", what);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail("%s: child status %#x", what, status);
}

static int churn_stop;

static void *short_lived(void *arg)
{
	register_thread();
	current_cid();
	usleep(100);
	current_cid();
	return NULL;
}

/* Threads come and go, so the user count keeps crossing max_cids. */
static void *churn_fn(void *arg)
{
	pthread_t t[3];
	unsigned int i, n, round = 0;

	register_thread();
	while (!RSEQ_READ_ONCE(churn_stop)) {
		n = 1 + round++ % 3;
		for (i = 0; i < n; i++)
			if (pthread_create(&t[i], NULL, short_lived, NULL))
				fail("pthread_create");
		for (i = 0; i < n; i++)
			pthread_join(t[i], NULL);
	}
	return NULL;
}

/* A process that is killed while its threads run and switch modes. */
static void kill_midway(unsigned int round)
{
	pid_t pid = fork();
	struct helper h[6] = {};
	unsigned int i;

	if (pid < 0)
		fail("fork: %m");
	if (!pid) {
		register_thread();
		for (i = 0; i < 6; i++)
			helper_start(&h[i], -1, i & 1);
		pause();
		_exit(0);
	}
	usleep(200 + (round % 7) * 300);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

int test_forkstorm(int argc, char **argv)
{
	unsigned int rounds = arg_uint(argc, argv, 0, 300), r;
	char *true_argv[] = { "true", NULL };
	struct helper spin[2] = {};
	pthread_t churn[2];
	pid_t pid;

	for (r = 0; r < 2; r++) {
		helper_start(&spin[r], -1, true);
		if (pthread_create(&churn[r], NULL, churn_fn, NULL))
			fail("pthread_create");
	}
	for (r = 0; r < rounds; r++) {
		pid = fork();
		if (!pid)	/* a new mm: its only user has CID 0 */
			_exit(settled_cid() == 0 ? 0 : 3);
		wait_ok(pid, "fork child with CID 0");

		pid = vfork();
		if (!pid)	/* shares the mm, no rseq of its own */
			_exit(0);
		wait_ok(pid, "vfork child");

		if (posix_spawn(&pid, "/bin/true", NULL, NULL, true_argv, environ))
			fail("posix_spawn");
		wait_ok(pid, "posix_spawn child");

		if (!(r % 10))
			kill_midway(r);
	}
	RSEQ_WRITE_ONCE(churn_stop, 1);
	for (r = 0; r < 2; r++) {
		pthread_join(churn[r], NULL);
		helper_stop(&spin[r]);
	}
	if (settled_cid() != 0)
		fail("storm over, single user has CID %u", current_cid());
	printf("forkstorm: %u rounds of fork, vfork, posix_spawn, kills\n", rounds);
	return 0;
}

/* The image an execve in test_exec() starts: a fresh mm, CID 0. */
int test_exec_check(int argc, char **argv)
{
	unsigned int cid = current_cid();

	if (cid != 0)
		fail("after execve the CID is %u, not 0", cid);
	return 0;
}

static void *exec_from_thread(void *arg)
{
	char *argv[] = { "mm_cid_test", "exec-check", NULL };

	register_thread();
	execv("/proc/self/exe", argv);
	fail("execv: %m");
}

/* An executable file the kernel cannot run: execve fails with ENOEXEC. */
static const char *make_garbage(void)
{
	static const char path[] = "/tmp/mm_cid_garbage";
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);

	if (fd < 0 || write(fd, "\x7f\x01\x02\x03garbage", 11) != 11)
		fail("cannot write %s: %m", path);
	close(fd);
	return path;
}

int test_exec(int argc, char **argv)
{
	unsigned int rounds = arg_uint(argc, argv, 0, 50), r, i;
	const char *garbage = make_garbage();
	char *gargv[] = { "garbage", NULL };
	struct helper h[6];
	pthread_t t;
	pid_t pid;

	for (r = 0; r < rounds; r++) {
		/* execve from a non-leader thread of a per-CPU mode process */
		pid = fork();
		if (!pid) {
			memset(h, 0, sizeof(h));
			for (i = 0; i < 6; i++)
				helper_start(&h[i], -1, true);
			if (pthread_create(&t, NULL, exec_from_thread, NULL))
				fail("pthread_create");
			pthread_join(t, NULL);
			_exit(4);
		}
		wait_ok(pid, "execve from a thread");
	}

	/* failing execve, in per-task and in per-CPU mode */
	memset(h, 0, sizeof(h));
	for (i = 0; i < 6; i++) {
		for (r = 0; r < rounds; r++) {
			if (execv(garbage, gargv) != -1 || errno != ENOEXEC)
				fail("execve of garbage did not fail with ENOEXEC: %m");
			current_cid();	/* at once, without sleeping */
		}
		helper_start(&h[i], -1, true);
	}
	for (i = 0; i < 6; i++)
		helper_stop(&h[i]);
	unlink(garbage);
	printf("exec: %u execve from threads, %u failed execve\n", rounds, 6 * rounds);
	return 0;
}

/*
 * The image test_execaff() starts: exec itself @n more times, each time
 * with a helper thread so that execve also runs de_thread().
 */
int test_execaff_child(int argc, char **argv)
{
	unsigned int n = arg_uint(argc, argv, 0, 0);
	char num[16], *nargv[] = { "mm_cid_test", "execaff-child", num, NULL };
	struct helper h = {};

	current_cid();
	if (!n)
		return 0;
	helper_start(&h, -1, true);
	snprintf(num, sizeof(num), "%u", n - 1);
	execv("/proc/self/exe", nargv);
	fail("execv: %m");
}

/* Set the affinity of every thread of @pid, which may be gone. */
static void set_all_threads(pid_t pid, const cpu_set_t *set)
{
	char path[64];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			sched_setaffinity(atoi(d->d_name), sizeof(*set), set);
	closedir(dir);
}

/*
 * execve against sched_setaffinity: the affinity hook reads the task's
 * mm while execve replaces it and drops the old one (a use after free
 * for KASAN if the hook does not pin it).  A chain of ROUNDS execve,
 * each from a process with a helper thread, while this process keeps
 * changing the affinity of all its threads.
 */
int test_execaff(int argc, char **argv)
{
	unsigned int rounds = arg_uint(argc, argv, 0, 200), changes = 0;
	char num[16], *nargv[] = { "mm_cid_test", "execaff-child", num, NULL };
	cpu_set_t one, all;
	unsigned int cpu;
	pid_t pid;
	int status;

	CPU_ZERO(&one);
	CPU_ZERO(&all);
	CPU_SET(0, &one);
	for (cpu = 0; cpu < nr_possible; cpu++)
		CPU_SET(cpu, &all);
	snprintf(num, sizeof(num), "%u", rounds);
	pid = fork();
	if (pid < 0)
		fail("fork: %m");
	if (!pid) {
		execv("/proc/self/exe", nargv);
		fail("execv: %m");
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		set_all_threads(pid, changes++ & 1 ? &all : &one);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail("the execve chain: child status %#x", status);
	printf("execaff: %u execve against %u affinity changes\n", rounds, changes);
	return 0;
}

static void toggle_cpus(void *arg)
{
	unsigned int rounds = *(unsigned int *)arg, r;
	char path[64];
	int fd;

	for (r = 0; r < rounds; r++) {
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online",
			 online_cpu(1 + r % (nr_online - 1)));
		fd = open(path, O_WRONLY);
		if (fd < 0)
			fail("open %s: %m", path);
		if (write(fd, "0", 1) != 1)
			fail("offline %s: %m", path);
		usleep(3000);
		if (write(fd, "1", 1) != 1)
			fail("online %s: %m", path);
		close(fd);
		usleep(3000);
	}
}

/* CPUs go away and come back while CIDs are checked for uniqueness. */
int test_hotplug(int argc, char **argv)
{
	unsigned int rounds = arg_uint(argc, argv, 0, 30);
	unsigned long checked;

	if (nr_online < 2)
		fail("needs 2 online CPUs");
	checked = unique_run(8, 20000, toggle_cpus, &rounds);
	if (settled_cid() != 0)
		fail("after hotplug, single user has CID %u", current_cid());
	printf("hotplug: %u offline/online rounds, %lu clean windows\n", rounds, checked);
	return 0;
}
