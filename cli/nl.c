// SPDX-License-Identifier: GPL-2.0
/*
 * libmnl transport for rseqctl: resolve the family, send requests, read
 * replies of any size, keep the kernel's extack message.
 *
 * Every datagram is received into a buffer of its own size (peeked with
 * MSG_PEEK | MSG_TRUNC): a do reply holds a whole process and may be
 * hundreds of KiB.  Requests carry no NLM_F_ACK: the reply (or
 * NLMSG_DONE) ends the exchange, errors come as NLMSG_ERROR anyway, and
 * an ack queued behind a reply larger than the socket's receive buffer
 * would be dropped.  A dump is complete only when NLMSG_DONE arrives
 * without an error; the caller gets everything or an error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <rseq_cid.h>
#include "nl.h"

/* The first receive buffer; the kernel sizes dump messages to fit it. */
#define NL_BUF_START	32768

struct nl {
	struct mnl_socket *sock;	/* NULL with nl_open_fd() */
	int fd;
	u32 portid;
	u16 family;
	u32 version;
	u32 mcgrp;
	u32 seq;
	char error[256];
	char req[256];
	void *buf;
	size_t size;
};

const char *nl_error(struct nl *nl)
{
	return nl->error;
}

/* The kernel's message from the TLVs at @off of an error or DONE payload. */
static void keep_extack(struct nl *nl, const struct nlmsghdr *nlh, size_t off)
{
	const struct nlattr *attr;
	const char *p = mnl_nlmsg_get_payload(nlh);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || mnl_nlmsg_get_payload_len(nlh) < off)
		return;
	mnl_attr_for_each_payload((const void *)(p + off), mnl_nlmsg_get_payload_len(nlh) - off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(nl->error, sizeof(nl->error), "%s", mnl_attr_get_str(attr));
	}
}

static struct nlmsghdr *new_req(struct nl *nl, u16 type, u16 flags, u8 cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->req);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = RSEQ_CID_FAMILY_VERSION;
	return nlh;
}

struct nlmsghdr *nl_request(struct nl *nl, u8 cmd, bool dump)
{
	return new_req(nl, nl->family, dump ? NLM_F_DUMP : 0, cmd);
}

/* One datagram into nl->buf, grown to its size first; its length or -errno. */
static ssize_t recv_datagram(struct nl *nl)
{
	struct iovec iov;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;
	void *grown;

	do
		n = recv(nl->fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n > nl->size) {
		grown = realloc(nl->buf, n);
		if (!grown)
			return -ENOMEM;
		nl->buf = grown;
		nl->size = n;
	}
	iov.iov_base = nl->buf;
	iov.iov_len = nl->size;
	do
		n = recvmsg(nl->fd, &msg, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ECONNRESET;
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;	/* grew meanwhile: never use a cut message */
	return n;
}

typedef int (*recv_fn)(struct nl *nl, const struct nlmsghdr *nlh, void *arg);

/*
 * Read messages and hand each to @fn until it returns non-zero: 1 means
 * finished, a negative errno a failure.  A datagram that does not split
 * into whole messages is malformed.
 */
static int recv_each(struct nl *nl, recv_fn fn, void *arg)
{
	const struct nlmsghdr *nlh;
	int len, ret;
	ssize_t n;

	for (;;) {
		n = recv_datagram(nl);
		if (n < 0)
			return n;
		len = n;
		for (nlh = nl->buf; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			ret = fn(nl, nlh, arg);
			if (ret)
				return ret > 0 ? 0 : ret;
		}
		if (len > 0)
			return -EPROTO;
	}
}

struct exchange {
	u32 seq;
	u16 type;
	bool dump;
	nl_msg_fn fn;
	void *arg;
};

/* The status of NLMSG_ERROR or NLMSG_DONE: 1 done, or -errno. */
static int end_msg(struct nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t off;

	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(int))
			return 1;	/* DONE without a status: success */
		off = sizeof(int);
	} else {
		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err))
			return -EPROTO;
		off = sizeof(*err);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	}
	if (err->error >= 0)
		return err->error ? -EPROTO : 1;
	keep_extack(nl, nlh, off);
	return err->error;
}

/* One message of a request's answer: data, an error, or NLMSG_DONE. */
static int reply_msg(struct nl *nl, const struct nlmsghdr *nlh, void *arg)
{
	struct exchange *x = arg;
	size_t len;
	int ret;

	if (nlh->nlmsg_seq != x->seq || nlh->nlmsg_pid != nl->portid)
		return 0;	/* not ours (a late answer to an earlier request) */
	if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE) {
		ret = end_msg(nl, nlh);
		/* Success ends a dump; a do ends with its reply, never so. */
		return ret == 1 && !x->dump ? -EPROTO : ret;
	}
	if (nlh->nlmsg_type != x->type || mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return -EPROTO;
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		return -EAGAIN;	/* the kernel says the dump is inconsistent */
	len = mnl_nlmsg_get_payload_len(nlh) - GENL_HDRLEN;
	ret = x->fn(mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN), len, x->arg);
	if (ret < 0)
		return ret;
	return x->dump ? 0 : 1;
}

int nl_exchange(struct nl *nl, struct nlmsghdr *req, nl_msg_fn fn, void *arg)
{
	struct exchange x = {
		.seq = req->nlmsg_seq,
		.type = req->nlmsg_type,
		.dump = req->nlmsg_flags & NLM_F_DUMP,
		.fn = fn,
		.arg = arg,
	};
	ssize_t n;

	nl->error[0] = '\0';
	do
		n = send(nl->fd, req, req->nlmsg_len, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return recv_each(nl, reply_msg, &x);
}

static int resolve_cb(const void *p, size_t len, void *data)
{
	const struct nlattr *attr, *grp, *ga;
	struct nl *nl = data;
	const char *name;
	u32 id;

	mnl_attr_for_each_payload(p, len) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
			nl->family = mnl_attr_get_u16(attr);
		if (mnl_attr_get_type(attr) == CTRL_ATTR_VERSION &&
		    mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			nl->version = mnl_attr_get_u32(attr);
		if (mnl_attr_get_type(attr) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		mnl_attr_for_each_nested(grp, attr) {
			name = NULL;
			id = 0;
			mnl_attr_for_each_nested(ga, grp) {
				if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_ID &&
				    mnl_attr_validate(ga, MNL_TYPE_U32) >= 0)
					id = mnl_attr_get_u32(ga);
				if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_NAME &&
				    mnl_attr_validate(ga, MNL_TYPE_NUL_STRING) >= 0)
					name = mnl_attr_get_str(ga);
			}
			if (name && !strcmp(name, RSEQ_CID_MCGRP_MONITOR))
				nl->mcgrp = id;
		}
	}
	return 0;
}

static struct nl *nl_alloc(int fd)
{
	struct nl *nl = calloc(1, sizeof(*nl));

	if (!nl)
		return NULL;
	nl->buf = malloc(NL_BUF_START);
	if (!nl->buf) {
		free(nl);
		return NULL;
	}
	nl->size = NL_BUF_START;
	nl->fd = fd;
	nl->seq = time(NULL);
	return nl;
}

/*
 * Open a socket and resolve the family: -ENOPKG when it is missing,
 * -EPROTONOSUPPORT when the module speaks an older protocol.
 */
int nl_open(struct nl **nlp)
{
	struct mnl_socket *sock;
	struct nlmsghdr *nlh;
	int one = 1, ret;
	struct nl *nl;

	sock = mnl_socket_open(NETLINK_GENERIC);
	if (!sock || mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		if (sock)
			mnl_socket_close(sock);
		return ret;
	}
	nl = nl_alloc(mnl_socket_get_fd(sock));
	if (!nl) {
		mnl_socket_close(sock);
		return -ENOMEM;
	}
	nl->sock = sock;
	nl->portid = mnl_socket_get_portid(sock);
	mnl_socket_setsockopt(sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(sock, NETLINK_CAP_ACK, &one, sizeof(one));

	nlh = new_req(nl, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, RSEQ_CID_FAMILY_NAME);
	ret = nl_exchange(nl, nlh, resolve_cb, nl);
	if (ret == -ENOENT || (!ret && !nl->family))
		ret = -ENOPKG;
	else if (!ret && nl->version < RSEQ_CID_FAMILY_VERSION)
		ret = -EPROTONOSUPPORT;
	if (ret) {
		nl_close(nl);
		return ret;
	}
	*nlp = nl;
	return 0;
}

struct nl *nl_open_fd(int fd, u16 family)
{
	struct nl *nl = nl_alloc(fd);

	if (nl)
		nl->family = family;
	return nl;
}

void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->buf);
	free(nl);
}

struct monitor {
	nl_msg_fn fn;
	void *arg;
};

static int notification(struct nl *nl, const struct nlmsghdr *nlh, void *arg)
{
	struct monitor *m = arg;

	if (nlh->nlmsg_type != nl->family)
		return 0;
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return -EPROTO;
	return m->fn(mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN),
		     mnl_nlmsg_get_payload_len(nlh) - GENL_HDRLEN, m->arg);
}

int nl_monitor(struct nl *nl, nl_msg_fn fn, void *arg)
{
	struct monitor m = { .fn = fn, .arg = arg };

	if (!nl->mcgrp)
		return -ENOENT;
	if (setsockopt(nl->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &nl->mcgrp,
		       sizeof(nl->mcgrp)) < 0)
		return -errno;
	return recv_each(nl, notification, &m);
}

/* Walk the attributes in @payload; any truncated or rejected one fails it. */
int parse_attrs(const void *payload, size_t len, attr_fn fn, void *data)
{
	const struct nlattr *attr = payload;
	long rem = len;
	int ret;

	while (rem > 0) {
		if (!mnl_attr_ok(attr, rem))
			return -EPROTO;
		ret = fn(attr, data);
		if (ret)
			return ret;
		rem -= MNL_ALIGN(attr->nla_len);
		attr = mnl_attr_next(attr);
	}
	return 0;
}

int get_u32(const struct nlattr *attr, u32 *v)
{
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return -EPROTO;
	*v = mnl_attr_get_u32(attr);
	return 0;
}

int get_u64(const struct nlattr *attr, u64 *v)
{
	if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
		return -EPROTO;
	*v = mnl_attr_get_u64(attr);
	return 0;
}

int get_flag(const struct nlattr *attr, bool *v)
{
	if (mnl_attr_validate(attr, MNL_TYPE_FLAG) < 0)
		return -EPROTO;
	*v = true;
	return 0;
}
