// SPDX-License-Identifier: GPL-2.0
/*
 * nltest: a raw generic netlink client for testing the rseq-cid family
 * from inside the VM, without libraries (the binary is static).
 *
 *   nltest stats			print the stats-get reply
 *   nltest mm PID			print the mm-get reply for PID
 *   nltest dump			dump all mms, one line each, then "end N"
 *   nltest monitor SECONDS		print mode notifications for a while
 *   nltest fuzz COUNT SEED		send malformed and random requests
 *
 * Output is "key value" text for shell tests.  Exit status: 0 ok, 1 error,
 * 3 ENOENT, 4 EPERM, 5 family missing; the kernel's extack message, if
 * any, goes to stderr.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "rseq_cid.h"

#define BUF_SIZE	65536

static int sock;
static uint16_t family;
static uint32_t mcgrp;
static uint32_t seq = 1;
static char buf[BUF_SIZE];

static void die(const char *msg)
{
	perror(msg);
	exit(1);
}

static struct nlattr *attr_next(struct nlattr *a, int *rem)
{
	*rem -= NLA_ALIGN(a->nla_len);
	return (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
}

#define for_each_attr(a, head, len, rem) \
	for (a = (struct nlattr *)(head), rem = (len); \
	     rem >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) && a->nla_len <= rem; \
	     a = attr_next(a, &rem))

static int attr_type(struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static void *attr_data(struct nlattr *a)
{
	return (char *)a + NLA_HDRLEN;
}

static int attr_len(struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static char *put_attr(char *p, uint16_t type, const void *data, uint16_t len)
{
	struct nlattr *a = (struct nlattr *)p;

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy(attr_data(a), data, len);
	return p + NLA_ALIGN(a->nla_len);
}

/* Send a genetlink request of @cmd with @len bytes of attributes. */
static void send_req(uint16_t type, uint16_t flags, uint8_t cmd, const void *attrs, int len)
{
	char msg[8192];
	struct nlmsghdr *nlh = (struct nlmsghdr *)msg;
	struct genlmsghdr *g = NLMSG_DATA(nlh);

	memset(msg, 0, NLMSG_SPACE(GENL_HDRLEN));
	nlh->nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + len;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++seq;
	g->cmd = cmd;
	g->version = 1;
	memcpy((char *)g + GENL_HDRLEN, attrs, len);
	if (send(sock, msg, nlh->nlmsg_len, 0) < 0)
		die("send");
}

/* Print the extack message of an error, if the kernel sent one. */
static void print_extack(struct nlmsghdr *nlh)
{
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	struct nlattr *a;
	int rem, off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = sizeof(*e) + ((nlh->nlmsg_flags & NLM_F_CAPPED) ? 0 :
			     e->msg.nlmsg_len - sizeof(struct nlmsghdr));
	if (NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return;
	for_each_attr(a, (char *)e + off, nlh->nlmsg_len - NLMSG_HDRLEN - off, rem)
		if (attr_type(a) == NLMSGERR_ATTR_MSG)
			fprintf(stderr, "extack: %.*s\n", attr_len(a), (char *)attr_data(a));
}

typedef void (*msg_fn)(struct nlmsghdr *nlh);

/* Receive until the ack or NLMSG_DONE; return 0 or a negative errno. */
static int recv_all(msg_fn fn)
{
	struct nlmsghdr *nlh;
	int n;

	for (;;) {
		n = recv(sock, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (e->error)
					print_extack(nlh);
				return e->error;
			}
			if (nlh->nlmsg_type == NLMSG_DONE)
				return *(int *)NLMSG_DATA(nlh);
			if (fn)
				fn(nlh);
		}
	}
}

static void resolve_cb(struct nlmsghdr *nlh)
{
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct nlattr *a, *grp, *ga;
	int rem, rem2, rem3;

	for_each_attr(a, (char *)g + GENL_HDRLEN, nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), rem) {
		if (attr_type(a) == CTRL_ATTR_FAMILY_ID)
			family = *(uint16_t *)attr_data(a);
		if (attr_type(a) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		for_each_attr(grp, attr_data(a), attr_len(a), rem2)
			for_each_attr(ga, attr_data(grp), attr_len(grp), rem3)
				if (attr_type(ga) == CTRL_ATTR_MCAST_GRP_ID)
					mcgrp = *(uint32_t *)attr_data(ga);
	}
}

static void resolve(void)
{
	char attrs[64];
	int len = put_attr(attrs, CTRL_ATTR_FAMILY_NAME, RSEQ_CID_FAMILY_NAME,
			   sizeof(RSEQ_CID_FAMILY_NAME)) - attrs;

	send_req(GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, attrs, len);
	if (recv_all(resolve_cb) || !family) {
		fprintf(stderr, "family %s not found\n", RSEQ_CID_FAMILY_NAME);
		exit(5);
	}
}

static const char *const stats_names[] = {
	[RSEQ_CID_A_STATS_MMS] = "mms",
	[RSEQ_CID_A_STATS_PER_TASK_MMS] = "per_task_mms",
	[RSEQ_CID_A_STATS_PER_CPU_MMS] = "per_cpu_mms",
	[RSEQ_CID_A_STATS_USERS] = "users",
	[RSEQ_CID_A_STATS_TRANSITIONS] = "transitions",
	[RSEQ_CID_A_STATS_NOTIFICATIONS] = "notifications",
	[RSEQ_CID_A_STATS_RSEQ_EXIT] = "rseq_exit",
	[RSEQ_CID_A_STATS_RSEQ_SIGNAL] = "rseq_signal",
	[RSEQ_CID_A_STATS_RSEQ_SLOWPATH] = "rseq_slowpath",
	[RSEQ_CID_A_STATS_RSEQ_FASTPATH] = "rseq_fastpath",
	[RSEQ_CID_A_STATS_RSEQ_IDS] = "rseq_ids",
	[RSEQ_CID_A_STATS_RSEQ_CS] = "rseq_cs",
	[RSEQ_CID_A_STATS_RSEQ_CLEAR] = "rseq_clear",
	[RSEQ_CID_A_STATS_RSEQ_FIXUP] = "rseq_fixup",
};

static const char *const mm_names[] = {
	[RSEQ_CID_A_MM_PID] = "pid",
	[RSEQ_CID_A_MM_MODE] = "mode",
	[RSEQ_CID_A_MM_USERS] = "users",
	[RSEQ_CID_A_MM_MAX_CIDS] = "max_cids",
	[RSEQ_CID_A_MM_PCPU_THRS] = "pcpu_thrs",
	[RSEQ_CID_A_MM_NR_CPUS_ALLOWED] = "nr_cpus_allowed",
	[RSEQ_CID_A_MM_TRANSITIONS] = "transitions",
	[RSEQ_CID_A_MM_CIDS_IN_USE] = "cids_in_use",
};

static unsigned long long attr_uint(struct nlattr *a)
{
	if (attr_len(a) == 8)
		return *(uint64_t *)attr_data(a);
	if (attr_len(a) == 4)
		return *(uint32_t *)attr_data(a);
	fprintf(stderr, "attribute %u has length %d\n", a->nla_type, attr_len(a));
	exit(1);
}

static void print_stats(struct nlmsghdr *nlh)
{
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct nlattr *a;
	int rem;

	for_each_attr(a, (char *)g + GENL_HDRLEN, nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), rem)
		if (attr_type(a) < (int)(sizeof(stats_names) / sizeof(stats_names[0])) &&
		    stats_names[attr_type(a)])
			printf("%s %llu\n", stats_names[attr_type(a)], attr_uint(a));
}

static void print_nest(const char *what, struct nlattr *n)
{
	struct nlattr *a;
	int rem;

	printf("%s", what);
	for_each_attr(a, attr_data(n), attr_len(n), rem) {
		if (attr_type(a) == RSEQ_CID_A_TASK_RUNNING && !strcmp(what, "task"))
			printf(" running 1");
		else
			printf(" %u:%llu", attr_type(a), attr_uint(a));
	}
	printf("\n");
}

static int one_line, nr_mms;

/* mm attributes as "key value" lines, or on one line for dumps. */
static void print_mm(struct nlmsghdr *nlh)
{
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	char sep = one_line ? ' ' : '\n';
	struct nlattr *a;
	unsigned int i, weight;
	int rem;

	nr_mms++;
	for_each_attr(a, (char *)g + GENL_HDRLEN, nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), rem) {
		int type = attr_type(a);

		if (type == RSEQ_CID_A_MM_COMM) {
			printf("comm %.*s%c", attr_len(a), (char *)attr_data(a), sep);
		} else if (type == RSEQ_CID_A_MM_CID_BITMAP) {
			for (i = 0, weight = 0; i < (unsigned int)attr_len(a); i++)
				weight += __builtin_popcount(((unsigned char *)attr_data(a))[i]);
			printf("bitmap_weight %u%c", weight, sep);
		} else if (type == RSEQ_CID_A_MM_CPU && !one_line) {
			print_nest("cpu", a);
		} else if (type == RSEQ_CID_A_MM_TASK && !one_line) {
			print_nest("task", a);
		} else if (type < (int)(sizeof(mm_names) / sizeof(mm_names[0])) &&
			   mm_names[type]) {
			printf("%s %llu%c", mm_names[type], attr_uint(a), sep);
		}
	}
	if (one_line)
		printf("\n");
}

static int exit_code(int err)
{
	if (!err)
		return 0;
	fprintf(stderr, "error: %s\n", strerror(-err));
	return err == -ENOENT ? 3 : err == -EPERM ? 4 : 1;
}

/* Random and malformed requests; the kernel must answer, never oops. */
static int fuzz(unsigned long count, unsigned int seed)
{
	static char big[3000];
	char attrs[4096], *p;
	unsigned long i;
	int j, n;

	srand(seed);
	for (i = 0; i < count; i++) {
		p = attrs;
		if (i % 50 == 0)	/* oversized: a 3000-byte pid */
			p = put_attr(p, RSEQ_CID_A_MM_PID, big, sizeof(big));
		n = rand() % 8;
		for (j = 0; j < n; j++) {
			uint32_t v = rand();
			uint16_t type = rand() % 16;
			uint16_t len = rand() % 5 == 0 ? rand() % 64 : 4;

			if (p + NLA_HDRLEN + 64 > attrs + sizeof(attrs))
				break;
			memset(attrs + (p - attrs), 0, NLA_HDRLEN + 64);
			p = put_attr(p, type | (rand() % 7 == 0 ? NLA_F_NESTED : 0), &v,
				     len > 4 ? 4 : len);
			if (rand() % 9 == 0)	/* lie about the length */
				((struct nlattr *)(p - NLA_ALIGN(NLA_HDRLEN + (len > 4 ? 4 : len))))->nla_len = rand() % 200;
		}
		send_req(family, rand() % 3 == 0 ? NLM_F_DUMP : 0, rand() % 6,
			 attrs, rand() % 11 == 0 ? rand() % (p - attrs + 1) : p - attrs);
		recv_all(NULL);
	}
	printf("fuzz: %lu requests answered\n", count);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;

	sock = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (sock < 0 || bind(sock, (struct sockaddr *)&sa, sizeof(sa)))
		die("netlink socket");
	setsockopt(sock, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(sock, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (argc < 2)
		goto usage;
	resolve();

	if (!strcmp(argv[1], "stats") && argc == 2) {
		send_req(family, 0, RSEQ_CID_CMD_STATS_GET, NULL, 0);
		return exit_code(recv_all(print_stats));
	}
	if (!strcmp(argv[1], "mm") && argc == 3) {
		char attrs[16];
		uint32_t pid = strtoul(argv[2], NULL, 0);
		int len = put_attr(attrs, RSEQ_CID_A_MM_PID, &pid, 4) - attrs;

		send_req(family, 0, RSEQ_CID_CMD_MM_GET, attrs, len);
		return exit_code(recv_all(print_mm));
	}
	if (!strcmp(argv[1], "dump") && argc == 2) {
		int err;

		one_line = 1;
		send_req(family, NLM_F_DUMP, RSEQ_CID_CMD_MM_GET, NULL, 0);
		err = recv_all(print_mm);
		if (!err)
			printf("end %d\n", nr_mms);
		return exit_code(err);
	}
	if (!strcmp(argv[1], "monitor") && argc == 3) {
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		time_t end = time(NULL) + atoi(argv[2]);
		struct nlmsghdr *nlh;
		int n;

		if (setsockopt(sock, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &mcgrp, sizeof(mcgrp)))
			die("join monitor group");
		printf("monitoring\n");
		fflush(stdout);
		one_line = 1;
		while (time(NULL) < end) {
			if (poll(&pfd, 1, 200) <= 0)
				continue;
			n = recv(sock, buf, sizeof(buf), 0);
			if (n < 0) {
				if (errno == ENOBUFS)
					continue;
				die("recv");
			}
			for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n))
				print_mm(nlh);
			fflush(stdout);
		}
		return 0;
	}
	if (!strcmp(argv[1], "fuzz") && argc == 4)
		return fuzz(strtoul(argv[2], NULL, 0), strtoul(argv[3], NULL, 0));
usage:
	fprintf(stderr, "usage: nltest stats | mm PID | dump | monitor SECONDS | fuzz COUNT SEED\n");
	return 2;
}
