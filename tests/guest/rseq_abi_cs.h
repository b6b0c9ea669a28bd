/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The critical sections of rseq_abi_test, in assembly for each
 * architecture (rseq_abi_cs-ARCH.S).  Both store a descriptor in the
 * rseq_cs field of @rs (offset 8) and spin @loops times inside the
 * section; both return 0 when the loop completed and 1 when the kernel
 * aborted the section.  The abort handler is preceded by RSEQ_ABI_SIG.
 */
#ifndef RSEQ_ABI_CS_H
#define RSEQ_ABI_CS_H

#define RSEQ_ABI_SIG	0x53053053

#ifndef __ASSEMBLER__
#include <linux/rseq.h>

struct rseq_area;

/* A built-in descriptor; a getppid() first inside it if @do_syscall. */
int cs_spin(struct rseq_area *rs, unsigned long loops, int do_syscall);

/*
 * @desc, built at run time from the labels below, so that a test can
 * give it any version, flags or signature.
 */
int cs_loop(struct rseq_area *rs, struct rseq_cs *desc, unsigned long loops);
extern char cs_loop_start[], cs_loop_end[], cs_loop_abort[];
#endif /* !__ASSEMBLER__ */

#endif
