/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's short type names and helpers for user space, so rseqctl
 * reads like the kernel code it talks to (the same definitions as the
 * kernel's tools/include/linux/types.h and compiler.h).
 */
#ifndef RSEQCTL_TYPES_H
#define RSEQCTL_TYPES_H

#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))

#endif
