#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh KERNEL_TREE: the style suite: checkpatch on our code, and the
# generated UAPI header up to date with its netlink spec.
top=$(cd "$(dirname "$0")/../.." && pwd)
rc=0
"$top/tests/style/checkpatch.sh" "$1" || rc=1
"$top/scripts/ynl-header.sh" "$1" check || rc=1
exit $rc
