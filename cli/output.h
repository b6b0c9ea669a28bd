/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output helpers shared by the objects: JSON documents (with their
 * schema version) and their checked printing, escaping of names from the
 * kernel, CPU-list style ranges, Prometheus samples, one-line errors.
 */
#ifndef RSEQCTL_OUTPUT_H
#define RSEQCTL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>
#include <rseq_cid_names.h>
#include "types.h"

/*
 * Bump when a field changes meaning or goes away; see docs/rseqctl.md.
 * 2: "comm" is escaped (backslash doubled, invalid UTF-8 as \xNN).
 */
#define RSEQCTL_SCHEMA_VERSION	2

struct opts {
	bool json;
	bool pretty;
};

enum esc_mode {
	ESC_TEXT,	/* also control characters: one table row stays one line */
	ESC_JSON,	/* only what JSON cannot carry; JSON escapes the rest */
};

char *str_escape(const char *s, enum esc_mode mode);
char *cidlist(const u8 *bits, unsigned int nbits);

json_t *json_doc(void);
json_t *json_doc_with(json_t *body);
bool json_add(json_t *obj, const char *key, json_t *val);
bool json_push(json_t *arr, json_t *val);
char *json_render(const struct opts *o, json_t *doc);
int json_print(const struct opts *o, json_t *doc);

/*
 * Element @i of a large array, printed straight as JSON text: for arrays
 * too large to build as jansson objects (mm show's tasks).  Only numbers
 * and fixed names, nothing that needs escaping.
 */
typedef void (*json_elem_fn)(FILE *f, const void *obj, size_t i, bool pretty);
#define JSON_SPLICE_MARK	"@rseqctl:array@"
char *json_render_spliced(const struct opts *o, json_t *doc, json_elem_fn fn,
			  const void *obj, size_t nr);
int json_print_spliced(const struct opts *o, json_t *doc, json_elem_fn fn,
		       const void *obj, size_t nr);

typedef int (*text_fn)(FILE *f, const void *obj);
int text_print(text_fn fn, const void *obj);

void prom_metric(FILE *f, const char *name, const char *type, const char *help,
		 unsigned long long v);

int fail_msg(const struct opts *o, int code, int err, const char *fmt, ...)
	__printf(4, 5);
/* A failed request as one line (and a JSON error with -j): the exit status. */
struct nl;
int nl_fail(struct nl *nl, const struct opts *o, int err, const char *fmt, ...)
	__printf(4, 5);

#endif
