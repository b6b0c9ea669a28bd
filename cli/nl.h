/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the rseq-cid generic netlink family with libmnl: requests,
 * replies of any size, dumps, the monitor group.  The objects (stats.c,
 * mm.c, monitor.c) parse the attributes of each message they get.
 */
#ifndef RSEQCTL_NL_H
#define RSEQCTL_NL_H

#include <stdbool.h>
#include <stddef.h>
#include "types.h"

struct nl;
struct nlmsghdr;

/* One message's attributes (after the genetlink header); 0 or -errno. */
typedef int (*nl_msg_fn)(const void *attrs, size_t len, void *arg);

/* Errors: a negative errno; nl_error() has the kernel's message, if any. */
int nl_open(struct nl **nlp);
struct nl *nl_open_fd(int fd, u16 family);	/* unit tests: any socket */
void nl_close(struct nl *nl);
const char *nl_error(struct nl *nl);

/* A request for @cmd of the family; the caller may add attributes. */
struct nlmsghdr *nl_request(struct nl *nl, u8 cmd, bool dump);
/*
 * Send @req and hand each reply message to @fn: the one reply of a do
 * request, every message of a dump up to NLMSG_DONE.  0 only when the
 * whole exchange succeeded.
 */
int nl_exchange(struct nl *nl, struct nlmsghdr *req, nl_msg_fn fn, void *arg);
/* Join the monitor group and hand each notification to @fn until it fails. */
int nl_monitor(struct nl *nl, nl_msg_fn fn, void *arg);

/* Attribute parsing shared by the objects. */
struct nlattr;
typedef int (*attr_fn)(const struct nlattr *attr, void *data);
int parse_attrs(const void *payload, size_t len, attr_fn fn, void *data);
int get_u32(const struct nlattr *attr, u32 *v);
int get_u64(const struct nlattr *attr, u64 *v);
int get_flag(const struct nlattr *attr, bool *v);

#endif
