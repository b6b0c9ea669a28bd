/* SPDX-License-Identifier: GPL-2.0 */
/* rseq_abi_test's critical sections for arm64: see rseq_abi_cs.h. */
#include <asm/unistd.h>

#include "rseq_abi_cs.h"

	.pushsection __rseq_cs, "aw"
	.balign 32
spin_cs:
	.long	0, 0
	.quad	cs_spin_start, cs_spin_end - cs_spin_start, cs_spin_abort
	.popsection

	.text
	.balign	4
/* int cs_spin(rs: x0, loops: x1, do_syscall: w2); the syscall clobbers x0. */
	.globl	cs_spin
	.type	cs_spin, %function
cs_spin:
	adrp	x9, spin_cs
	add	x9, x9, :lo12:spin_cs
	str	x9, [x0, #8]
cs_spin_start:
	cbz	w2, 1f
	mov	x8, #__NR_getppid
	svc	#0
1:	subs	x1, x1, #1
	b.ne	1b
cs_spin_end:
	mov	w0, #0
	ret
	/* Never executed: the word the kernel compares with the signature. */
	.long	RSEQ_ABI_SIG
cs_spin_abort:
	mov	w0, #1
	ret
	.size	cs_spin, . - cs_spin

/* int cs_loop(rs: x0, desc: x1, loops: x2) */
	.globl	cs_loop, cs_loop_start, cs_loop_end, cs_loop_abort
	.type	cs_loop, %function
cs_loop:
	str	x1, [x0, #8]
cs_loop_start:
	subs	x2, x2, #1
	b.ne	cs_loop_start
cs_loop_end:
	mov	w0, #0
	ret
	.long	RSEQ_ABI_SIG
cs_loop_abort:
	mov	w0, #1
	ret
	.size	cs_loop, . - cs_loop

	.section .note.GNU-stack, "", %progbits
