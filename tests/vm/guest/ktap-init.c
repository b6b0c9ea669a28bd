// SPDX-License-Identifier: GPL-2.0
/*
 * ktap-init: PID 1 and plan runner for test VMs without a shell.
 *
 * Debian 12 has no riscv64 port, so there is no busybox or bash to put in
 * a riscv64 initramfs.  This static program does what tests/vm/guest/init
 * and run-plan do there: mount proc, sysfs, devtmpfs, debugfs and tmpfs,
 * read rseqtest.plan=, rseqtest.timeout= and rseqtest.ktap= from the
 * kernel command line, run /tests/plans/NAME.plan with KTAP results on
 * the results channel, end with "@@END rc=N" and power off.
 *
 * Plan lines are those of run-plan, "NAME TIMEOUT COMMAND [ARGS...]", but
 * without a shell: the words are split on blanks and executed directly
 * from /tests/bin, with leading VAR=VALUE words put into the environment.
 * No quoting, pipes or substitutions.  A test passes when it exits 0
 * within TIMEOUT seconds (0: the default); its process group is killed
 * on timeout.  Its output goes to the console; on failure the last lines
 * also go into the KTAP stream as diagnostics.
 *
 * Not as PID 1 it only runs a plan: ktap-init PLAN [TIMEOUT] prints KTAP
 * on stdout, test output on stderr (tests/unit/test-ktap-init.sh).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define MAX_WORDS	64
#define TAIL_LINES	15
#define OUT_FILE	"/tmp/ktap-init.out"

static const char *out_file = OUT_FILE;

/* Copy @path to @fd; with @tail, only its last lines, as diagnostics. */
static void copy_out(const char *path, int fd, int tail)
{
	static char buf[1 << 16];
	ssize_t n;
	int in, lines = 0;
	char *p, *start;

	in = open(path, O_RDONLY);
	if (in < 0)
		return;
	if (!tail) {
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(fd, buf, n) != n)
				break;
		close(in);
		return;
	}
	/* The last 64 KiB are enough for TAIL_LINES lines. */
	if (lseek(in, 0, SEEK_END) > (off_t)sizeof(buf) - 1)
		lseek(in, -(off_t)sizeof(buf) + 1, SEEK_END);
	else
		lseek(in, 0, SEEK_SET);
	n = read(in, buf, sizeof(buf) - 1);
	close(in);
	if (n <= 0)
		return;
	buf[n] = '\0';
	start = buf;
	for (p = buf + n - 1; p > buf; p--) {
		if (p[-1] == '\n' && ++lines > TAIL_LINES) {
			start = p;
			break;
		}
	}
	for (p = strtok(start, "\n"); p; p = strtok(NULL, "\n"))
		dprintf(fd, "#   %s\n", p);
}

/* Run one test; returns its wait status, or -1 on timeout. */
static int run_test(char **words, int limit, int console)
{
	struct timespec ts = { .tv_sec = limit };
	sigset_t chld;
	pid_t pid;
	int status, out, i;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pid = fork();
	if (pid < 0)
		return 127 << 8;
	if (pid == 0) {
		sigprocmask(SIG_UNBLOCK, &chld, NULL);
		setpgid(0, 0);
		out = open(out_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (out >= 0) {
			dup2(out, 1);
			dup2(out, 2);
		}
		i = open("/dev/null", O_RDONLY);
		if (i >= 0)
			dup2(i, 0);
		for (i = 0; words[i] && strchr(words[i], '=') && words[i + 1]; i++)
			putenv(words[i]);
		execvp(words[i], words + i);
		fprintf(stderr, "ktap-init: cannot run %s: %s\n", words[i], strerror(errno));
		_exit(127);
	}
	for (;;) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		if (sigtimedwait(&chld, NULL, &ts) < 0 && errno == EAGAIN) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			status = -1;
			break;
		}
		/*
		 * Another child (an orphan PID 1 inherited) may have woken
		 * us; the timeout restarts, which only makes it longer.
		 */
	}
	/* Reap orphans the test left behind (PID 1 inherits them). */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	sigprocmask(SIG_UNBLOCK, &chld, NULL);
	copy_out(out_file, console, 0);
	return status;
}

/* Run every test of @plan; KTAP on @ktap.  Returns 0 if all passed. */
static int run_plan(const char *plan, int default_limit, int ktap, int console)
{
	char line[1024], *words[MAX_WORDS + 1], *name, *p;
	int n = 0, i = 0, failed = 0, nwords, limit, status;
	time_t start;
	FILE *f;

	dprintf(ktap, "KTAP version 1\n");
	f = fopen(plan, "r");
	if (!f) {
		dprintf(ktap, "1..0 # SKIP no plan %s\n", plan);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		p = line + strspn(line, " \t");
		if (*p && *p != '#' && *p != '\n')
			n++;
	}
	p = strrchr(plan, '/');
	dprintf(ktap, "# plan %.*s\n", (int)strcspn(p ? p + 1 : plan, "."), p ? p + 1 : plan);
	dprintf(ktap, "1..%d\n", n);
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		p = line + strspn(line, " \t");
		if (!*p || *p == '#' || *p == '\n')
			continue;
		i++;
		nwords = 0;
		for (p = strtok(p, " \t\n"); p && nwords < MAX_WORDS; p = strtok(NULL, " \t\n"))
			words[nwords++] = p;
		words[nwords] = NULL;
		name = words[0];
		if (nwords < 3) {
			dprintf(ktap, "not ok %d %s # no command in the plan line\n", i, name);
			failed++;
			continue;
		}
		limit = atoi(words[1]);
		if (limit <= 0)
			limit = default_limit;
		dprintf(console, "=== test %d %s: %s\n", i, name, words[2]);
		start = time(NULL);
		status = run_test(words + 2, limit, console);
		dprintf(console, "=== end %d %s: status %d in %llds\n", i, name, status,
			(long long)(time(NULL) - start));
		if (status == 0) {
			dprintf(ktap, "ok %d %s # time=%llds\n", i, name,
				(long long)(time(NULL) - start));
			continue;
		}
		failed++;
		if (status < 0)
			dprintf(ktap, "# %s: timeout after %ds; last output:\n", name, limit);
		else if (WIFSIGNALED(status))
			dprintf(ktap, "# %s: killed by signal %d; last output:\n", name,
				WTERMSIG(status));
		else
			dprintf(ktap, "# %s: exit %d; last output:\n", name, WEXITSTATUS(status));
		copy_out(out_file, ktap, 1);
		if (status < 0)
			dprintf(ktap, "not ok %d %s # timeout after %ds\n", i, name, limit);
		else
			dprintf(ktap, "not ok %d %s # exit %d\n", i, name,
				WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status));
	}
	fclose(f);
	return failed ? 1 : 0;
}

/* The value of @key (e.g. "rseqtest.plan=") in /proc/cmdline, or @def. */
static const char *cmdline_arg(const char *key, const char *def)
{
	static char cmdline[4096];
	size_t len = strlen(key);
	char *p, *copy;
	FILE *f;

	if (!cmdline[0]) {
		f = fopen("/proc/cmdline", "r");
		if (!f || !fgets(cmdline, sizeof(cmdline), f))
			return def;
		fclose(f);
	}
	copy = strdup(cmdline);
	for (p = strtok(copy, "\t\n "); p; p = strtok(NULL, "\t\n "))
		if (!strncmp(p, key, len))
			return p + len;
	return def;
}

int main(int argc, char **argv)
{
	const char *plan, *ktap_tty;
	char path[256];
	int ktap, console, rc;

	if (getpid() != 1) {
		if (argc < 2 || argc > 3) {
			fprintf(stderr, "usage: ktap-init PLAN [TIMEOUT] (PID 1: none)\n");
			return 2;
		}
		out_file = getenv("KTAP_INIT_OUT") ? : OUT_FILE;
		return run_plan(argv[1], argc == 3 ? atoi(argv[2]) : 300, 1, 2);
	}

	setenv("PATH", "/tests/bin", 1);
	setenv("HOME", "/root", 1);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	mkdir("/dev/shm", 01777);
	mount("tmpfs", "/dev/shm", "tmpfs", 0, NULL);

	console = open("/dev/console", O_WRONLY | O_NOCTTY);
	plan = cmdline_arg("rseqtest.plan=", "");
	ktap_tty = cmdline_arg("rseqtest.ktap=", "hvc0");
	snprintf(path, sizeof(path), "/dev/%s", ktap_tty);
	ktap = open(path, O_WRONLY | O_NOCTTY);
	if (ktap < 0) {
		dprintf(console, "ktap-init: cannot open %s: %s\n", path, strerror(errno));
		ktap = console;
	}
	if (!*plan || !strcmp(plan, "shell")) {
		dprintf(console, "ktap-init: this VM has no shell; give rseqtest.plan=NAME\n");
		dprintf(ktap, "KTAP version 1\n1..0 # SKIP no shell in this VM\n");
		rc = 2;
	} else {
		snprintf(path, sizeof(path), "/tests/plans/%s.plan", plan);
		rc = run_plan(path, atoi(cmdline_arg("rseqtest.timeout=", "300")), ktap, console);
	}
	dprintf(ktap, "@@END rc=%d\n", rc);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
