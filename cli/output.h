/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rseqctl output: names of enum values, CPU-list style ranges, the JSON
 * documents (with their schema version) and Prometheus text.
 */
#ifndef RSEQCTL_OUTPUT_H
#define RSEQCTL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>
#include <rseq_cid_names.h>
#include "nl.h"

/* Bump when a field changes meaning or goes away; see docs/rseqctl.md. */
#define RSEQCTL_SCHEMA_VERSION	1

struct opts {
	bool json;
	bool pretty;
};

void format_cidlist(const u8 *bits, unsigned int len, char *buf, size_t size);

json_t *json_doc(void);
void json_emit(const struct opts *o, json_t *doc);
const char *rseq_counter_name(unsigned int i);
json_t *rseq_json(bool valid, const u64 *v, unsigned int secs);
json_t *stats_json(const struct rc_stats *st);
json_t *mm_summary_json(const struct rc_mm *mm);
json_t *mm_detail_json(const struct rc_mm *mm);
void prom_stats(FILE *f, const struct rc_stats *st);

int fail_msg(const struct opts *o, int code, int err, const char *fmt, ...)
	__printf(4, 5);

#endif
