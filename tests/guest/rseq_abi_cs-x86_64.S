/* SPDX-License-Identifier: GPL-2.0 */
/* rseq_abi_test's critical sections for x86_64: see rseq_abi_cs.h. */
#include <asm/unistd.h>

#include "rseq_abi_cs.h"

	.pushsection __rseq_cs, "aw"
	.balign 32
spin_cs:
	.long	0, 0
	.quad	cs_spin_start, cs_spin_end - cs_spin_start, cs_spin_abort
	.popsection

	.text
/* int cs_spin(rs: %rdi, loops: %rsi, do_syscall: %edx) */
	.globl	cs_spin
	.type	cs_spin, @function
cs_spin:
	leaq	spin_cs(%rip), %rax
	movq	%rax, 8(%rdi)
cs_spin_start:
	testl	%edx, %edx
	jz	1f
	movl	$__NR_getppid, %eax
	syscall
1:	decq	%rsi
	jnz	1b
cs_spin_end:
	xorl	%eax, %eax
	ret
	/* The signature as the operand of ud1, as the selftests place it. */
	.byte	0x0f, 0xb9, 0x3d
	.long	RSEQ_ABI_SIG
cs_spin_abort:
	movl	$1, %eax
	ret
	.size	cs_spin, . - cs_spin

/* int cs_loop(rs: %rdi, desc: %rsi, loops: %rdx) */
	.globl	cs_loop, cs_loop_start, cs_loop_end, cs_loop_abort
	.type	cs_loop, @function
cs_loop:
	movq	%rsi, 8(%rdi)
cs_loop_start:
	decq	%rdx
	jnz	cs_loop_start
cs_loop_end:
	xorl	%eax, %eax
	ret
	.byte	0x0f, 0xb9, 0x3d
	.long	RSEQ_ABI_SIG
cs_loop_abort:
	movl	$1, %eax
	ret
	.size	cs_loop, . - cs_loop

	.section .note.GNU-stack, "", @progbits
