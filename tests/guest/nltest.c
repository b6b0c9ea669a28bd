// SPDX-License-Identifier: GPL-2.0
/*
 * nltest: a raw generic netlink client for testing the rseq-cid family
 * from inside the VM, without libraries (the binary is static).
 *
 *   nltest stats			print the stats-get reply
 *   nltest mm PID			print the mm-get reply for PID
 *   nltest dump [PID]		dump all mms (or the one of PID), one line
 *					each, then "end N"
 *   nltest monitor SECONDS		print mode notifications for a while
 *   nltest strict			requests the policies must reject
 *   nltest fuzz COUNT SEED		send malformed and random requests
 *   nltest time N CMD...		run CMD (stats, mm PID, dump) N times,
 *					print its mean wall time in ms on stderr
 *
 * Output is "key value" text for shell tests.  Every reply is checked
 * against protocol v2 (include/rseq-cid.yaml) on the way: bitmap size and
 * weight, cpu entries only on-cpu/transit in ascending order, tasks in
 * ascending tid order also across "continued" dump messages, continued
 * messages only for the mm before them.  A violation exits 1 with a
 * "protocol:" line.  Exit status: 0 ok, 1 error, 3 ENOENT, 4 EPERM,
 * 5 family missing; the kernel's extack message, if any, goes to stderr.
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
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "rseq_cid.h"

static int sock;
static uint16_t family;
static uint32_t mcgrp;
static uint32_t seq = 1;
static char *buf;
static size_t buf_size;
static int quiet;
/*
 * Requests ask for an ack, but not an mm-get do: its reply may be larger
 * than the socket's receive buffer, which netlink accepts only into an
 * empty queue, so an ack right behind it would overrun the socket
 * (ENOBUFS).  Errors come without NLM_F_ACK too.
 */
static int want_ack = 1;

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
	nlh->nlmsg_flags = NLM_F_REQUEST | (want_ack ? NLM_F_ACK : 0) | flags;
	nlh->nlmsg_seq = ++seq;
	g->cmd = cmd;
	g->version = RSEQ_CID_FAMILY_VERSION;
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

static int got_extack;

/* Whether an error carries an extack message. */
static int has_extack(struct nlmsghdr *nlh)
{
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	struct nlattr *a;
	int rem, off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	off = sizeof(*e) + ((nlh->nlmsg_flags & NLM_F_CAPPED) ? 0 :
			     e->msg.nlmsg_len - sizeof(struct nlmsghdr));
	if (NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return 0;
	for_each_attr(a, (char *)e + off, nlh->nlmsg_len - NLMSG_HDRLEN - off, rem)
		if (attr_type(a) == NLMSGERR_ATTR_MSG || attr_type(a) == NLMSGERR_ATTR_OFFS ||
		    attr_type(a) == NLMSGERR_ATTR_MISS_TYPE)
			return 1;
	return 0;
}

typedef void (*msg_fn)(struct nlmsghdr *nlh);

/* Receive one datagram whatever its size (a do reply may be 200 KiB). */
static int recv_msg(void)
{
	ssize_t n = recv(sock, NULL, 0, MSG_PEEK | MSG_TRUNC);

	if (n < 0)
		return -errno;
	if ((size_t)n > buf_size) {
		buf_size = n;
		buf = realloc(buf, buf_size);
		if (!buf)
			die("realloc");
	}
	n = recv(sock, buf, buf_size, 0);
	return n < 0 ? -errno : n;
}

/* Receive until the ack or NLMSG_DONE; return 0 or a negative errno. */
static int recv_all(msg_fn fn)
{
	struct nlmsghdr *nlh;
	int n;

	for (;;) {
		n = recv_msg();
		if (n < 0)
			return n;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (e->error && !quiet)
					print_extack(nlh);
				if (e->error)
					got_extack |= has_extack(nlh);
				return e->error;
			}
			if (nlh->nlmsg_type == NLMSG_DONE)
				return *(int *)NLMSG_DATA(nlh);
			if (fn)
				fn(nlh);
			if (!want_ack && !(nlh->nlmsg_flags & NLM_F_MULTI))
				return 0;	/* the one reply */
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
	[RSEQ_CID_A_STATS_MODE_SWITCHES] = "mode_switches",
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
	[RSEQ_CID_A_MM_NR_CPU_IDS] = "nr_cpu_ids",
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
		if (!quiet && attr_type(a) < (int)(sizeof(stats_names) / sizeof(stats_names[0])) &&
		    stats_names[attr_type(a)])
			printf("%s %llu\n", stats_names[attr_type(a)], attr_uint(a));
}

static void protocol_error(const char *what, unsigned long long v)
{
	fflush(stdout);
	fprintf(stderr, "protocol: %s (%llu)\n", what, v);
	exit(1);
}

/* The nest attribute @type of nest @n, or NULL. */
static struct nlattr *nest_get(struct nlattr *n, int type)
{
	struct nlattr *a;
	int rem;

	for_each_attr(a, attr_data(n), attr_len(n), rem)
		if (attr_type(a) == type)
			return a;
	return NULL;
}

static int one_line, in_dump, nr_mms;

/*
 * The mm being received: a dump line is printed when the next mm starts
 * (or at the end), because "continued" messages add tasks to it.
 */
static struct {
	int open;
	uint32_t pid;
	uint32_t last_tid;
	unsigned int tasks, msgs;
	char line[1024];
	int len;
} cur;

static void flush_mm(void)
{
	if (!cur.open)
		return;
	if (one_line)
		printf("%.*stasks %u msgs %u\n", cur.len, cur.line, cur.tasks, cur.msgs);
	else
		printf("tasks %u\nmsgs %u\n", cur.tasks, cur.msgs);
	cur.open = 0;
}

static void out(const char *key, unsigned long long v)
{
	if (one_line)
		cur.len += snprintf(cur.line + cur.len, sizeof(cur.line) - cur.len,
				    "%s %llu ", key, v);
	else
		printf("%s %llu\n", key, v);
}

/* The comm, escaped so that it stays one field: \ooo for anything odd. */
static void out_comm(struct nlattr *a)
{
	const unsigned char *c = attr_data(a);
	char esc[16 * 4 + 1], *p = esc;
	int i, len = attr_len(a);

	if (len < 1 || c[len - 1])
		protocol_error("comm not NUL-terminated", len);
	for (i = 0; i < len - 1 && p < esc + sizeof(esc) - 5; i++) {
		if (c[i] > ' ' && c[i] < 0x7f && c[i] != '\\' && c[i] != '"')
			*p++ = c[i];
		else
			p += sprintf(p, "\\%03o", c[i]);
	}
	*p = 0;
	if (one_line)
		cur.len += snprintf(cur.line + cur.len, sizeof(cur.line) - cur.len, "comm %s ", esc);
	else
		printf("comm %s\n", esc);
}

static void check_task(struct nlattr *n)
{
	struct nlattr *tid = nest_get(n, RSEQ_CID_A_TASK_TID);
	struct nlattr *state = nest_get(n, RSEQ_CID_A_TASK_STATE);

	if (!tid || !state || !nest_get(n, RSEQ_CID_A_TASK_CPU))
		protocol_error("task without tid, state or cpu", 0);
	if (attr_uint(tid) <= cur.last_tid)
		protocol_error("tids not ascending", attr_uint(tid));
	if ((attr_uint(state) != RSEQ_CID_CID_STATE_NONE) != !!nest_get(n, RSEQ_CID_A_TASK_CID))
		protocol_error("task cid present iff state != none", attr_uint(tid));
	cur.last_tid = attr_uint(tid);
	cur.tasks++;
}

static int last_cpu;

static void check_cpu(struct nlattr *n)
{
	struct nlattr *id = nest_get(n, RSEQ_CID_A_CPU_ID);
	struct nlattr *state = nest_get(n, RSEQ_CID_A_CPU_STATE);

	if (!id || !state || !nest_get(n, RSEQ_CID_A_CPU_CID))
		protocol_error("cpu without id, state or cid", 0);
	if ((int)attr_uint(id) <= last_cpu)
		protocol_error("cpu ids not ascending", attr_uint(id));
	if (attr_uint(state) != RSEQ_CID_CID_STATE_ON_CPU &&
	    attr_uint(state) != RSEQ_CID_CID_STATE_TRANSIT)
		protocol_error("cpu entry neither on-cpu nor transit", attr_uint(id));
	last_cpu = attr_uint(id);
}

/*
 * mm attributes as "key value" lines, or on one line per mm for dumps and
 * notifications.  cpu and task nests are printed as lines with -v (do
 * replies always): "cpu ID CID STATE", "task TID STATE CPU CID [running]".
 */
static int verbose;

static void print_nest(const char *what, struct nlattr *n)
{
	struct nlattr *a;
	int rem;

	if (!verbose && one_line)
		return;
	printf("%s", what);
	for_each_attr(a, attr_data(n), attr_len(n), rem) {
		if (attr_type(a) == RSEQ_CID_A_TASK_RUNNING && !strcmp(what, "task"))
			printf(" running 1");
		else
			printf(" %u:%llu", attr_type(a), attr_uint(a));
	}
	printf("\n");
}

static void print_mm(struct nlmsghdr *nlh)
{
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	int len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	struct nlattr *a, *pid = NULL, *bitmap = NULL, *ids = NULL, *inuse = NULL;
	unsigned int i, weight;
	int rem, continued = 0;

	for_each_attr(a, (char *)g + GENL_HDRLEN, len, rem) {
		if (attr_type(a) == RSEQ_CID_A_MM_PID)
			pid = a;
		if (attr_type(a) == RSEQ_CID_A_MM_CONTINUED)
			continued = 1;
	}
	if (!pid)
		protocol_error("mm message without pid", 0);
	if (continued && !in_dump)
		protocol_error("continued flag outside a dump", attr_uint(pid));
	if (continued) {
		if (!cur.open || cur.pid != attr_uint(pid))
			protocol_error("continued message for another mm", attr_uint(pid));
		cur.msgs++;
	} else {
		flush_mm();
		memset(&cur, 0, sizeof(cur));
		cur.open = 1;
		cur.pid = attr_uint(pid);
		cur.msgs = 1;
		nr_mms++;
	}
	last_cpu = -1;
	for_each_attr(a, (char *)g + GENL_HDRLEN, len, rem) {
		int type = attr_type(a);

		if (continued && type != RSEQ_CID_A_MM_PID && type != RSEQ_CID_A_MM_CONTINUED &&
		    type != RSEQ_CID_A_MM_TASK)
			protocol_error("continued message with a non-task attribute", type);
		if (quiet && type != RSEQ_CID_A_MM_TASK)
			continue;
		if (type == RSEQ_CID_A_MM_COMM) {
			out_comm(a);
		} else if (type == RSEQ_CID_A_MM_CID_BITMAP) {
			bitmap = a;
		} else if (type == RSEQ_CID_A_MM_CPU) {
			check_cpu(a);
			print_nest("cpu", a);
		} else if (type == RSEQ_CID_A_MM_TASK) {
			check_task(a);
			if (!quiet)
				print_nest("task", a);
		} else if (type == RSEQ_CID_A_MM_CONTINUED) {
			continue;
		} else if (type < (int)(sizeof(mm_names) / sizeof(mm_names[0])) &&
			   mm_names[type]) {
			if (type == RSEQ_CID_A_MM_NR_CPU_IDS)
				ids = a;
			if (type == RSEQ_CID_A_MM_CIDS_IN_USE)
				inuse = a;
			out(mm_names[type], attr_uint(a));
		}
	}
	if (bitmap) {
		const unsigned char *b = attr_data(bitmap);

		if (!ids || (unsigned long long)attr_len(bitmap) != (attr_uint(ids) + 7) / 8)
			protocol_error("bitmap length is not DIV_ROUND_UP(nr-cpu-ids, 8)",
				       attr_len(bitmap));
		for (i = 0, weight = 0; i < (unsigned int)attr_len(bitmap); i++)
			weight += __builtin_popcount(b[i]);
		if (attr_uint(ids) % 8 && b[attr_len(bitmap) - 1] >> (attr_uint(ids) % 8))
			protocol_error("bitmap bit beyond nr-cpu-ids", attr_uint(ids));
		if (inuse && weight != attr_uint(inuse))
			protocol_error("bitmap weight != cids-in-use", weight);
		out("bitmap_weight", weight);
	}
	if (!one_line)
		fflush(stdout);
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

/* mm-get (do for a pid, dump for all or one pid) printed as above. */
static int mm_get(int dump, const char *pid_arg)
{
	char attrs[16];
	uint32_t pid;
	int len = 0, err;

	if (pid_arg) {
		pid = strtoul(pid_arg, NULL, 0);
		len = put_attr(attrs, RSEQ_CID_A_MM_PID, &pid, 4) - attrs;
	}
	one_line = in_dump = dump;
	nr_mms = 0;
	memset(&cur, 0, sizeof(cur));
	want_ack = dump;
	send_req(family, dump ? NLM_F_DUMP : 0, RSEQ_CID_CMD_MM_GET, attrs, len);
	err = recv_all(print_mm);
	want_ack = 1;
	if (!quiet)
		flush_mm();
	if (!err && !dump && (nr_mms != 1 || cur.msgs != 1))
		protocol_error("do reply is not one message", nr_mms);
	if (!err && dump && !quiet)
		printf("end %d\n", nr_mms);
	return err;
}

/*
 * Requests the generated policies must reject with EINVAL and an extack
 * message: junk attributes, out-of-range pids, any attribute on
 * stats-get.  Also: a dump filtered to a pid nobody has is empty.
 */
static int strict(void)
{
	static const struct {
		const char *what;
		uint8_t cmd;
		uint16_t flags;
		uint16_t type;
		uint16_t len;
		uint32_t value;
	} cases[] = {
		{ "stats-get with a pid", RSEQ_CID_CMD_STATS_GET, 0, 1, 4, 1 },
		{ "stats-get with an unknown attribute", RSEQ_CID_CMD_STATS_GET, 0, 200, 4, 1 },
		{ "stats-get dump", RSEQ_CID_CMD_STATS_GET, NLM_F_DUMP, 0, 0, 0 },
		{ "mm-get do without pid", RSEQ_CID_CMD_MM_GET, 0, 0, 0, 0 },
		{ "mm-get do pid 0", RSEQ_CID_CMD_MM_GET, 0, RSEQ_CID_A_MM_PID, 4, 0 },
		{ "mm-get do pid 4194305", RSEQ_CID_CMD_MM_GET, 0, RSEQ_CID_A_MM_PID, 4, 4194305 },
		{ "mm-get do pid of 2 bytes", RSEQ_CID_CMD_MM_GET, 0, RSEQ_CID_A_MM_PID, 2, 1 },
		{ "mm-get do with mode", RSEQ_CID_CMD_MM_GET, 0, RSEQ_CID_A_MM_MODE, 4, 1 },
		{ "mm-get do with type 99", RSEQ_CID_CMD_MM_GET, 0, 99, 4, 1 },
		{ "mm-get dump with users", RSEQ_CID_CMD_MM_GET, NLM_F_DUMP, RSEQ_CID_A_MM_USERS, 4, 1 },
		{ "mm-get dump pid 0", RSEQ_CID_CMD_MM_GET, NLM_F_DUMP, RSEQ_CID_A_MM_PID, 4, 0 },
		{ "mode-ntf as a request", RSEQ_CID_CMD_MODE_NTF, 0, 0, 0, 0 },
	};
	unsigned int i, bad = 0;
	char attrs[16];
	int len, err;

	quiet = 1;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].type ? put_attr(attrs, cases[i].type, &cases[i].value,
					       cases[i].len) - attrs : 0;
		got_extack = 0;
		send_req(family, cases[i].flags, cases[i].cmd, attrs, len);
		err = recv_all(print_mm);
		/* Unknown commands have no op, hence no extack. */
		/* Out-of-range values are ERANGE, everything else EINVAL. */
		if ((err == -EINVAL || err == -ERANGE) &&
		    (got_extack || cases[i].cmd == RSEQ_CID_CMD_MODE_NTF)) {
			printf("rejected: %s\n", cases[i].what);
		} else if (err == -EOPNOTSUPP && (cases[i].cmd == RSEQ_CID_CMD_MODE_NTF ||
						  cases[i].flags == NLM_F_DUMP)) {
			printf("rejected (no such op): %s\n", cases[i].what);
		} else {
			printf("FAIL: %s: error %d, extack %d\n", cases[i].what, err, got_extack);
			bad++;
		}
	}
	quiet = 0;
	err = mm_get(1, "4000000");
	if (err || nr_mms) {
		printf("FAIL: dump filtered to pid 4000000: error %d, %d mms\n", err, nr_mms);
		bad++;
	}
	return bad ? 1 : 0;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int run(int argc, char **argv)
{
	if (!strcmp(argv[0], "stats") && argc == 1) {
		send_req(family, 0, RSEQ_CID_CMD_STATS_GET, NULL, 0);
		return recv_all(print_stats);
	}
	if (!strcmp(argv[0], "mm") && argc == 2)
		return mm_get(0, argv[1]);
	if (!strcmp(argv[0], "dump") && argc <= 2)
		return mm_get(1, argc == 2 ? argv[1] : NULL);
	fprintf(stderr, "usage: nltest [-v] stats | mm PID | dump [PID] | monitor SECONDS | strict | fuzz COUNT SEED | time N CMD...\n");
	exit(2);
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
	buf_size = 32768;
	buf = malloc(buf_size);
	if (!buf)
		die("malloc");
	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verbose = 1;
		argc--;
		argv++;
	}
	if (argc < 2)
		return run(0, (char *[]){ "" });
	resolve();

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
			n = recv_msg();
			if (n == -ENOBUFS)
				continue;
			if (n < 0) {
				errno = -n;
				die("recv");
			}
			for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
				print_mm(nlh);
				flush_mm();
			}
			fflush(stdout);
		}
		return 0;
	}
	if (!strcmp(argv[1], "strict") && argc == 2)
		return strict();
	if (!strcmp(argv[1], "fuzz") && argc == 4)
		return fuzz(strtoul(argv[2], NULL, 0), strtoul(argv[3], NULL, 0));
	if (!strcmp(argv[1], "time") && argc >= 4) {
		unsigned long i, n = strtoul(argv[2], NULL, 0);
		double t0;
		int err = 0;

		quiet = 1;
		t0 = now_ms();
		for (i = 0; i < n && !err; i++)
			err = run(argc - 3, argv + 3);
		if (!err)
			fprintf(stderr, "time_ms %.1f\n", (now_ms() - t0) / n);
		return exit_code(err);
	}
	return exit_code(run(argc - 1, argv + 1));
}
