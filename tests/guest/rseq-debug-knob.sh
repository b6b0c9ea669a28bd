#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rseq-debug-knob.sh: /sys/kernel/debug/rseq/debug switches the rseq debug
# mode at run time.  With it on, a syscall made inside a critical section
# kills the task (rseq_abi_test abort makes one), also in a task that
# already existed when it was switched on; with it off the same program
# passes.  Bad input is refused and the old state restored.

KNOB=/sys/kernel/debug/rseq/debug

. "$(dirname "$0")/lib.sh"

# fail() (lib.sh) restores the knob.
on_fail() {
	echo "$old" > $KNOB
}

old=$(cat $KNOB) || { echo "FAIL: no $KNOB"; exit 1; }
case "$old" in 0|1) ;; *) fail "$KNOB reads '$old', want 0 or 1" ;; esac

echo bogus > $KNOB 2> /dev/null && fail "$KNOB accepted 'bogus'"
[ "$(cat $KNOB)" = "$old" ] || fail "a refused write changed $KNOB"

echo 1 > $KNOB || fail "cannot write 1"
[ "$(cat $KNOB)" = 1 ] || fail "$KNOB does not read 1 after writing 1"
GLIBC_TUNABLES=glibc.pthread.rseq=0 rseq_abi_test abort > /tmp/abort.out 2>&1
rc=$?
[ $rc -eq 139 ] || fail "debug on: syscall in a critical section: exit $rc, want SIGSEGV (139)"
echo "ok: debug on: a syscall inside a critical section is fatal"

# A task that already existed when the switch went on: a new task gets
# the check when it is forked, this one only from the switch's walk over
# the existing threads.  It waits on a FIFO, then execs the same test.
echo 0 > $KNOB || fail "cannot write 0"
rm -f /tmp/knob.fifo
mkfifo /tmp/knob.fifo || fail "mkfifo"
GLIBC_TUNABLES=glibc.pthread.rseq=0 \
	sh -c 'read go < /tmp/knob.fifo; exec rseq_abi_test abort' > /tmp/abort.out 2>&1 &
waiter=$!
echo 1 > $KNOB || fail "cannot write 1"
echo go > /tmp/knob.fifo
wait $waiter
rc=$?
[ $rc -eq 139 ] || fail "debug switched on under a running task: exit $rc, want SIGSEGV (139)"
echo "ok: debug on: also fatal for a task that existed before the switch"

echo 0 > $KNOB || fail "cannot write 0"
[ "$(cat $KNOB)" = 0 ] || fail "$KNOB does not read 0 after writing 0"
GLIBC_TUNABLES=glibc.pthread.rseq=0 rseq_abi_test abort > /tmp/abort.out 2>&1 ||
	fail "debug off: abort test failed: $(tail -1 /tmp/abort.out)"
echo "ok: debug off: the same program runs"

echo "$old" > $KNOB
