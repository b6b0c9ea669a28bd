/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * Names of the rseq-cid enum values, as the spec (include/rseq-cid.yaml)
 * spells them; shared by the module's debugfs files and rseqctl.
 */
#ifndef _RSEQ_CID_NAMES_H
#define _RSEQ_CID_NAMES_H

#include "rseq_cid.h"

static inline const char *rseq_cid_mode_name(unsigned int mode)
{
	switch (mode) {
	case RSEQ_CID_MODE_PER_TASK:
		return "per-task";
	case RSEQ_CID_MODE_PER_CPU:
		return "per-cpu";
	case RSEQ_CID_MODE_TO_PER_CPU:
		return "to-per-cpu";
	case RSEQ_CID_MODE_TO_PER_TASK:
		return "to-per-task";
	}
	return "unknown";
}

static inline const char *rseq_cid_state_name(unsigned int state)
{
	switch (state) {
	case RSEQ_CID_CID_STATE_NONE:
		return "none";
	case RSEQ_CID_CID_STATE_OWNED:
		return "owned";
	case RSEQ_CID_CID_STATE_ON_CPU:
		return "on-cpu";
	case RSEQ_CID_CID_STATE_TRANSIT:
		return "transit";
	}
	return "unknown";
}

#endif /* _RSEQ_CID_NAMES_H */
