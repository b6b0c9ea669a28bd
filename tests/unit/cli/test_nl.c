// SPDX-License-Identifier: GPL-2.0
/*
 * The transport against a scripted peer on a datagram socketpair: a do
 * reply far larger than any fixed buffer, a dump of several datagrams
 * with continued messages, errors with the kernel's extack message, a
 * failing NLMSG_DONE, stray messages, an inconsistent dump.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include "cli_test.h"
#include "mm.h"
#include "nl.h"

#define FAMILY	0x20

/* One scripted answer: datagrams, each of whole messages. */
struct script {
	int fd;
	unsigned int nr;
	struct {
		char *buf;
		size_t len;
	} dgram[8];
};

static char *big;

/* Start a new datagram in @s; messages are appended with next_msg(). */
static void new_dgram(struct script *s)
{
	s->dgram[s->nr].buf = calloc(1, 1 << 20);
	s->dgram[s->nr].len = 0;
	s->nr++;
}

/* Append @nlh (built elsewhere) to the current datagram. */
static void push(struct script *s, const struct nlmsghdr *nlh)
{
	char *d = s->dgram[s->nr - 1].buf;
	size_t *len = &s->dgram[s->nr - 1].len;

	memcpy(d + *len, nlh, nlh->nlmsg_len);
	*len += MNL_ALIGN(nlh->nlmsg_len);
}

static struct nlmsghdr *end_msg(void *buf, u16 type, int error, const char *msg)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	nlh->nlmsg_type = type;
	if (type == NLMSG_DONE) {
		*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = error;
	} else {
		e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
		e->error = error;
		e->msg.nlmsg_len = sizeof(struct nlmsghdr);
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	}
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	return nlh;
}

/* The peer: read the request, answer with its seq on every message. */
static void *peer(void *arg)
{
	struct script *s = arg;
	struct nlmsghdr *nlh;
	char req[512];
	unsigned int i;
	size_t off;

	if (recv(s->fd, req, sizeof(req), 0) <= 0)
		return NULL;
	for (i = 0; i < s->nr; i++) {
		for (off = 0; off < s->dgram[i].len; off += MNL_ALIGN(nlh->nlmsg_len)) {
			nlh = (struct nlmsghdr *)(s->dgram[i].buf + off);
			if (nlh->nlmsg_seq != 12345)	/* 12345: keep a stray seq */
				nlh->nlmsg_seq = ((struct nlmsghdr *)req)->nlmsg_seq;
		}
		send(s->fd, s->dgram[i].buf, s->dgram[i].len, 0);
		free(s->dgram[i].buf);
	}
	s->nr = 0;
	return NULL;
}

/* Run one exchange of @req against @s; its result. */
static int run(struct script *s, bool dump, u32 pid, nl_msg_fn fn, void *arg, char *err)
{
	struct nlmsghdr *req;
	pthread_t t;
	struct nl *nl;
	int sv[2], ret;

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	nl = nl_open_fd(sv[0], FAMILY);
	s->fd = sv[1];
	pthread_create(&t, NULL, peer, s);
	req = nl_request(nl, RSEQ_CID_CMD_MM_GET, dump);
	if (pid)
		mnl_attr_put_u32(req, RSEQ_CID_A_MM_PID, pid);
	ret = nl_exchange(nl, req, fn, arg);
	if (err)
		snprintf(err, 256, "%s", nl_error(nl));
	pthread_join(t, NULL);
	nl_close(nl);
	close(sv[0]);
	close(sv[1]);
	return ret;
}

static struct nlmsghdr *mm_header(u32 pid, bool continued)
{
	struct nlmsghdr *nlh = msg_start(big, FAMILY);

	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_PID, pid);
	if (continued)
		mnl_attr_put(nlh, RSEQ_CID_A_MM_CONTINUED, 0, NULL);
	else
		mnl_attr_put_strz(nlh, RSEQ_CID_A_MM_COMM, "w");
	return nlh;
}

static void test_do(void)
{
	struct script s = {};
	struct nlmsghdr *nlh;
	struct rc_mm mm = {};
	unsigned int i;
	char err[256];
	int ret;

	new_dgram(&s);
	nlh = mm_header(7, false);
	for (i = 0; i < 4000; i++)
		put_task(nlh, 8 + i, i % 256);
	push(&s, nlh);
	ret = run(&s, false, 7, (nl_msg_fn)rc_parse_mm, &mm, NULL);
	check(!ret && mm.pid == 7 && mm.nr_tasks == 4000,
	      "nl: a do reply of %u KiB received whole (%d)", nlh->nlmsg_len / 1024, ret);
	rc_mm_free(&mm);

	new_dgram(&s);
	nlh = mm_header(7, false);
	nlh->nlmsg_seq = 12345;
	push(&s, nlh);
	push(&s, mm_header(8, false));
	ret = run(&s, false, 8, (nl_msg_fn)rc_parse_mm, &mm, NULL);
	check(!ret && mm.pid == 8, "nl: a message of another request is skipped");
	rc_mm_free(&mm);

	new_dgram(&s);
	push(&s, end_msg(big, NLMSG_ERROR, -ENOENT, "no process 999999"));
	ret = run(&s, false, 999999, (nl_msg_fn)rc_parse_mm, &mm, err);
	check(ret == -ENOENT && !strcmp(err, "no process 999999"),
	      "nl: error with the kernel's extack message");
	rc_mm_free(&mm);
}

static void test_dump(void)
{
	struct rc_mm_list list = {};
	struct script s = {};
	struct nlmsghdr *nlh;
	unsigned int i;
	int ret;

	new_dgram(&s);
	push(&s, mm_header(3, false));
	nlh = mm_header(5, false);
	put_task(nlh, 5, 0);
	push(&s, nlh);
	new_dgram(&s);
	nlh = mm_header(5, true);
	for (i = 0; i < 600; i++)
		put_task(nlh, 6 + i, 1);
	push(&s, nlh);
	push(&s, mm_header(9, false));
	new_dgram(&s);
	push(&s, end_msg(big, NLMSG_DONE, 0, NULL));
	ret = run(&s, true, 0, rc_mm_list_add, &list, NULL);
	check(!ret && list.nr == 3 && list.mms[1].nr_tasks == 601 && list.mms[2].pid == 9,
	      "nl: a dump over 3 datagrams, continued merged (%d)", ret);
	rc_mm_list_free(&list);

	new_dgram(&s);
	push(&s, mm_header(3, false));
	push(&s, end_msg(big, NLMSG_DONE, -EMSGSIZE, "too big"));
	ret = run(&s, true, 0, rc_mm_list_add, &list, NULL);
	check(ret == -EMSGSIZE, "nl: a dump that fails in NLMSG_DONE fails");
	rc_mm_list_free(&list);

	new_dgram(&s);
	push(&s, mm_header(3, false));
	push(&s, mm_header(4, true));
	push(&s, end_msg(big, NLMSG_DONE, 0, NULL));
	ret = run(&s, true, 0, rc_mm_list_add, &list, NULL);
	check(ret == -EPROTO, "nl: continued with another pid fails the dump");
	rc_mm_list_free(&list);

	new_dgram(&s);
	nlh = mm_header(3, false);
	nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
	push(&s, nlh);
	push(&s, end_msg(big, NLMSG_DONE, 0, NULL));
	ret = run(&s, true, 0, rc_mm_list_add, &list, NULL);
	check(ret == -EAGAIN, "nl: an inconsistent dump (NLM_F_DUMP_INTR) fails");
	rc_mm_list_free(&list);
}

void test_nl(void)
{
	big = malloc(1 << 20);
	test_do();
	test_dump();
	free(big);
}
