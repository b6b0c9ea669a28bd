/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the rseqctl unit tests: TAP checks and message builders. */
#ifndef CLI_TEST_H
#define CLI_TEST_H

#include <stdio.h>
#include <libmnl/libmnl.h>
#include <rseq_cid.h>
#include "types.h"

void check(int cond, const char *fmt, ...) __printf(2, 3);

/* A message being built in @buf: attributes go after the genl header. */
struct nlmsghdr *msg_start(void *buf, u16 type);
/* The attributes of @nlh, as the parsers get them. */
const void *msg_attrs(const struct nlmsghdr *nlh, size_t *len);
/* A task nest; @cid < 0: none. */
void put_task(struct nlmsghdr *nlh, u32 tid, int cid);

/* Where the tests leave files for test-cli.sh (promtool, the schema). */
extern const char *out_dir;
FILE *out_file(const char *name);

#include <jansson.h>
void check_alloc_failures(const char *what, json_t *(*build)(const void *arg), const void *arg);

void test_args(void);
void test_output(void);
void test_stats(void);
void test_mm(void);
void test_nl(void);

#endif
