// SPDX-License-Identifier: GPL-2.0
/*
 * libmnl transport for rseqctl: resolve the family, send requests, read
 * replies up to the ack or NLMSG_DONE, keep the kernel's extack message.
 * A dump is complete only when NLMSG_DONE arrives without an error; the
 * caller gets everything or an error, never part of a dump.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <rseq_cid.h>
#include "nl.h"

struct nl {
	struct mnl_socket *sock;
	u16 family;
	u32 mcgrp;
	u32 seq;
	char error[256];
	char buf[65536];	/* large enough for any dump part */
};

typedef int (*msg_cb)(const struct nlmsghdr *nlh, void *data);

const char *nl_error(struct nl *nl)
{
	return nl->error;
}

static void keep_extack(struct nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t off = sizeof(*err);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (mnl_nlmsg_get_payload_len(nlh) < off)
		return;
	mnl_attr_for_each_payload((const void *)((const char *)err + off),
				  mnl_nlmsg_get_payload_len(nlh) - off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(nl->error, sizeof(nl->error), "%s", mnl_attr_get_str(attr));
	}
}

static struct nlmsghdr *new_req(struct nl *nl, u16 type, u16 flags, u8 cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

typedef int (*recv_fn)(struct nl *nl, const struct nlmsghdr *nlh, void *arg);

/*
 * Read messages and hand each to @fn until it returns non-zero: 1 means
 * finished, a negative errno a failure.
 */
static int recv_each(struct nl *nl, recv_fn fn, void *arg)
{
	struct nlmsghdr *nlh;
	int n, ret;

	for (;;) {
		n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)nl->buf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n)) {
			ret = fn(nl, nlh, arg);
			if (ret)
				return ret > 0 ? 0 : ret;
		}
	}
}

struct exchange {
	u32 portid, seq;
	msg_cb cb;
	void *data;
};

/* One message of a request's answer: data, the ack, or NLMSG_DONE. */
static int reply_msg(struct nl *nl, const struct nlmsghdr *nlh, void *arg)
{
	struct exchange *x = arg;
	int ret;

	if (nlh->nlmsg_seq != x->seq || nlh->nlmsg_pid != x->portid)
		return 0;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err))
			return -EPROTO;
		if (err->error)
			keep_extack(nl, nlh);
		return err->error ? err->error : 1;
	}
	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int) &&
		    *(int *)mnl_nlmsg_get_payload(nlh))
			return *(int *)mnl_nlmsg_get_payload(nlh);
		return 1;
	}
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return -EPROTO;
	ret = x->cb ? x->cb(nlh, x->data) : 0;
	return ret < 0 ? ret : 0;
}

/* Send @nlh and hand every reply message to @cb until the exchange ends. */
static int transact(struct nl *nl, struct nlmsghdr *nlh, msg_cb cb, void *data)
{
	struct exchange x = {
		.portid = mnl_socket_get_portid(nl->sock),
		.seq = nlh->nlmsg_seq,
		.cb = cb,
		.data = data,
	};

	nl->error[0] = '\0';
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	return recv_each(nl, reply_msg, &x);
}

static const void *genl_attrs(const struct nlmsghdr *nlh, size_t *len)
{
	*len = mnl_nlmsg_get_payload_len(nlh) - GENL_HDRLEN;
	return mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
}

static int resolve_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl *nl = data;
	const struct nlattr *attr, *grp, *ga;
	size_t len;
	const void *p = genl_attrs(nlh, &len);

	mnl_attr_for_each_payload(p, len) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
			nl->family = mnl_attr_get_u16(attr);
		if (mnl_attr_get_type(attr) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		mnl_attr_for_each_nested(grp, attr)
			mnl_attr_for_each_nested(ga, grp)
				if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_ID &&
				    mnl_attr_validate(ga, MNL_TYPE_U32) >= 0)
					nl->mcgrp = mnl_attr_get_u32(ga);
	}
	return 0;
}

int nl_open(struct nl **nlp)
{
	struct nlmsghdr *nlh;
	struct nl *nl;
	int one = 1, ret;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->seq = time(NULL);
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		nl_close(nl);
		return ret;
	}
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));

	nlh = new_req(nl, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, RSEQ_CID_FAMILY_NAME);
	ret = transact(nl, nlh, resolve_cb, nl);
	if (!ret && !nl->family)
		ret = -ENOENT;
	if (ret) {
		nl_close(nl);
		return ret == -ENOENT ? -ENOPKG : ret;
	}
	*nlp = nl;
	return 0;
}

void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl);
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	size_t len;
	const void *p = genl_attrs(nlh, &len);

	return rc_parse_stats(p, len, data);
}

int nl_stats(struct nl *nl, struct rc_stats *st)
{
	memset(st, 0, sizeof(*st));
	return transact(nl, new_req(nl, nl->family, 0, RSEQ_CID_CMD_STATS_GET),
			stats_cb, st);
}

static int mm_cb(const struct nlmsghdr *nlh, void *data)
{
	size_t len;
	const void *p = genl_attrs(nlh, &len);

	return rc_parse_mm(p, len, data);
}

int nl_mm_get(struct nl *nl, u32 pid, struct rc_mm *mm)
{
	struct nlmsghdr *nlh = new_req(nl, nl->family, 0, RSEQ_CID_CMD_MM_GET);

	memset(mm, 0, sizeof(*mm));
	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_PID, pid);
	return transact(nl, nlh, mm_cb, mm);
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rc_mm_list *list = data;
	struct rc_mm *grown;
	size_t len;
	const void *p = genl_attrs(nlh, &len);

	grown = realloc(list->mms, (list->nr + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	list->mms = grown;
	if (rc_parse_mm(p, len, &list->mms[list->nr]))
		return -EPROTO;
	list->nr++;
	return 0;
}

int nl_mm_dump(struct nl *nl, struct rc_mm_list *list)
{
	int ret;

	memset(list, 0, sizeof(*list));
	ret = transact(nl, new_req(nl, nl->family, NLM_F_DUMP, RSEQ_CID_CMD_MM_GET),
		       dump_cb, list);
	if (ret)
		rc_mm_list_free(list);
	return ret;
}

struct monitor {
	int (*cb)(const struct rc_mm *mm, void *arg);
	void *arg;
};

static int notification(struct nl *nl, const struct nlmsghdr *nlh, void *arg)
{
	struct monitor *m = arg;
	struct rc_mm mm;
	const void *p;
	size_t len;
	int ret;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return 0;
	p = genl_attrs(nlh, &len);
	if (rc_parse_mm(p, len, &mm))
		return -EPROTO;
	ret = m->cb(&mm, m->arg);
	rc_mm_free(&mm);
	return ret;
}

/* Follow the monitor group until @cb returns non-zero or reading fails. */
int nl_monitor(struct nl *nl, int (*cb)(const struct rc_mm *mm, void *arg), void *arg)
{
	struct monitor m = { .cb = cb, .arg = arg };

	if (!nl->mcgrp)
		return -ENOENT;
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &nl->mcgrp,
				  sizeof(nl->mcgrp)) < 0)
		return -errno;
	return recv_each(nl, notification, &m);
}
