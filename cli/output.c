// SPDX-License-Identifier: GPL-2.0
/*
 * Output helpers shared by the objects.  JSON documents are objects with
 * "schema_version" first (docs/rseqctl-schema.json describes them); they
 * are rendered completely before a byte is written, and any failure of
 * jansson or of the write is an error, never partial output.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "nl.h"
#include "output.h"

/*
 * Length of the valid UTF-8 sequence at @p (RFC 3629: shortest form, no
 * surrogates, at most U+10FFFF), 0 if @p does not start one.  Stops at
 * the first byte that does not fit, so it never reads past a NUL.
 */
static unsigned int utf8_len(const u8 *p)
{
	unsigned int n, i;
	u8 lo = 0x80, hi = 0xbf;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/*
 * @s (any bytes, from the kernel) as text that cannot be misread: a
 * backslash becomes "\\", a byte that is not part of valid UTF-8 "\xNN".
 * ESC_TEXT also writes newline and tab as "\n", "\t" and other control
 * characters (C0, DEL, C1) as "\xNN" per byte, so a name never breaks a
 * table row.  Reversible: "\\" is a backslash, "\xNN" byte NN.  Returns
 * a new string, NULL without memory.
 */
char *str_escape(const char *s, enum esc_mode mode)
{
	const u8 *p = (const u8 *)s;
	char *out = malloc(strlen(s) * 4 + 1), *o = out;
	unsigned int n, i;

	if (!out)
		return NULL;
	while (*p) {
		n = utf8_len(p);
		if (*p == '\\') {
			o += sprintf(o, "\\\\");
		} else if (mode == ESC_TEXT && *p == '\n') {
			o += sprintf(o, "\\n");
		} else if (mode == ESC_TEXT && *p == '\t') {
			o += sprintf(o, "\\t");
		} else if (!n || (mode == ESC_TEXT && (*p < 0x20 || *p == 0x7f ||
							(*p == 0xc2 && p[1] < 0xa0)))) {
			/* invalid, or a control character in text: bytewise */
			for (i = 0; i < (n ? n : 1); i++)
				o += sprintf(o, "\\x%02x", p[i]);
			p += n ? n : 1;
			continue;
		} else {
			memcpy(o, p, n);
			o += n;
		}
		p += n;
	}
	*o = '\0';
	return out;
}

static bool bit(const u8 *bits, unsigned int n)
{
	return bits[n / 8] & (1U << (n % 8));
}

/*
 * "0-3,8": the set bits of @bits (@nbits bits, bit n in byte n / 8) as
 * ranges, "" if none.  Returns a new string, NULL without memory.
 */
char *cidlist(const u8 *bits, unsigned int nbits)
{
	unsigned int n = 0, start;
	const char *sep = "";
	size_t size = 0;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &size);

	if (!f)
		return NULL;
	while (n < nbits) {
		if (!bit(bits, n)) {
			n++;
			continue;
		}
		start = n;
		while (n + 1 < nbits && bit(bits, n + 1))
			n++;
		if (start == n)
			fprintf(f, "%s%u", sep, start);
		else
			fprintf(f, "%s%u-%u", sep, start, n);
		sep = ",";
		n++;
	}
	if (ferror(f) | fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

json_t *json_doc(void)
{
	json_t *doc = json_object();

	if (!json_add(doc, "schema_version", json_integer(RSEQCTL_SCHEMA_VERSION))) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/*
 * The document: "schema_version", then the members of @body (which is
 * freed); NULL if @body is NULL or anything fails.
 */
json_t *json_doc_with(json_t *body)
{
	json_t *doc = body ? json_doc() : NULL;

	if (doc && json_object_update(doc, body)) {
		json_decref(doc);
		doc = NULL;
	}
	json_decref(body);
	return doc;
}

/* Set @key of @obj to @val (the reference is taken); false on any failure. */
bool json_add(json_t *obj, const char *key, json_t *val)
{
	return val && !json_object_set_new(obj, key, val);
}

/* Append @val to @arr (the reference is taken); false on any failure. */
bool json_push(json_t *arr, json_t *val)
{
	return val && !json_array_append_new(arr, val);
}

/* @doc as one line, or indented with -p; NULL if it cannot be rendered. */
char *json_render(const struct opts *o, json_t *doc)
{
	size_t flags = JSON_PRESERVE_ORDER | (o->pretty ? JSON_INDENT(2) : JSON_COMPACT);

	return doc ? json_dumps(doc, flags) : NULL;
}

/* Print and flush @s and a newline, and free @s; 0, or a negative errno. */
static int write_doc(char *s)
{
	int ret = 0;

	if (!s)
		return -ENOMEM;
	if (fputs(s, stdout) < 0 || putchar('\n') < 0 || fflush(stdout))
		ret = errno ? -errno : -EIO;
	free(s);
	return ret;
}

/* Render and print @doc, and free it; 0, or a negative errno. */
static int json_write(const struct opts *o, json_t *doc)
{
	char *s = json_render(o, doc);

	json_decref(doc);
	return write_doc(s);
}

/* The exit status for what json_write() returned, with its message. */
static int json_status(const struct opts *o, int ret)
{
	if (ret == -ENOMEM)
		return fail_msg(o, 1, ENOMEM, "cannot format the JSON output");
	if (ret)
		return fail_msg(NULL, 1, -ret, "cannot write the output: %s", strerror(-ret));
	return 0;
}

/* Print @doc (and free it): the exit status, 1 with a message on failure. */
int json_print(const struct opts *o, json_t *doc)
{
	return json_status(o, json_write(o, doc));
}

/*
 * The JSON text of @doc with the array of @nr elements printed by @fn in
 * place of the string JSON_SPLICE_MARK, which must be the document's last
 * string value: every name from the kernel comes before it, so even a
 * comm that spells the mark cannot be mistaken for it.  In indented
 * output each element is one line.  NULL if anything fails.
 */
char *json_render_spliced(const struct opts *o, json_t *doc, json_elem_fn fn,
			  const void *obj, size_t nr)
{
	static const char quoted[] = "\"" JSON_SPLICE_MARK "\"";
	char *s = json_render(o, doc), *mark = NULL, *p, *line, *buf = NULL;
	size_t len = 0, i;
	int indent = 0;
	FILE *f;

	for (p = s; p && (p = strstr(p, quoted)); p++)
		mark = p;
	if (!mark) {
		free(s);
		return NULL;
	}
	for (line = mark; line > s && line[-1] != '\n'; line--)
		;
	while (line[indent] == ' ')
		indent++;
	f = open_memstream(&buf, &len);
	if (f) {
		fprintf(f, "%.*s[", (int)(mark - s), s);
		for (i = 0; i < nr; i++) {
			fputs(i ? "," : "", f);
			if (o->pretty)
				fprintf(f, "\n%*s", indent + 2, "");
			fn(f, obj, i, o->pretty);
		}
		if (o->pretty && nr)
			fprintf(f, "\n%*s", indent, "");
		fprintf(f, "]%s", mark + strlen(quoted));
		if (ferror(f) | fclose(f)) {
			free(buf);
			buf = NULL;
		}
	}
	free(s);
	return buf;
}

/*
 * Print @doc (and free it) with the array of @nr elements written by @fn
 * in place of its JSON_SPLICE_MARK string: the exit status, as
 * json_print().
 */
int json_print_spliced(const struct opts *o, json_t *doc, json_elem_fn fn,
		       const void *obj, size_t nr)
{
	char *s = doc ? json_render_spliced(o, doc, fn, obj, nr) : NULL;

	json_decref(doc);
	return json_status(o, write_doc(s));
}

/*
 * Text output of @fn(f, @obj): formatted into memory, then printed and
 * flushed only when complete.  The exit status, 1 with a message.
 */
int text_print(text_fn fn, const void *obj)
{
	size_t len = 0;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &len);
	int ret = f ? fn(f, obj) : -ENOMEM;

	if (f && (fclose(f) || !buf) && !ret)
		ret = -ENOMEM;
	if (!ret && (fwrite(buf, 1, len, stdout) != len || fflush(stdout)))
		ret = errno ? -errno : -EIO;
	free(buf);
	if (ret == -ENOMEM)
		return fail_msg(NULL, 1, ENOMEM, "cannot format the output: out of memory");
	if (ret)
		return fail_msg(NULL, 1, -ret, "cannot write the output: %s", strerror(-ret));
	return 0;
}

void prom_metric(FILE *f, const char *name, const char *type, const char *help,
		 unsigned long long v)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n%s %llu\n", name, help, name, type, name, v);
}

/*
 * One line on stderr, and with -j an error object on stdout, so a
 * dashboard never mistakes the failure for data.  Returns @code.
 */
int fail_msg(const struct opts *o, int code, int err, const char *fmt, ...)
{
	char msg[512];
	json_t *doc;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "rseqctl: %s\n", msg);
	if (o && o->json) {
		doc = json_pack("{s:{s:s, s:i}}", "error", "message", msg, "errno", err);
		if (json_write(o, json_doc_with(doc)))
			fprintf(stderr, "rseqctl: cannot print the JSON error object\n");
	}
	return code;
}

/* Turn a failed request into one line (and a JSON error with -j). */
int nl_fail(struct nl *nl, const struct opts *o, int err, const char *fmt, ...)
{
	const char *kmsg = nl ? nl_error(nl) : "";
	char what[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	switch (err) {
	case -ENOPKG:
		return fail_msg(o, 2, -err, "%s",
				"the rseq-cid netlink family is not available; load the module: insmod rseq_cid.ko");
	case -EPROTONOSUPPORT:
		return fail_msg(o, 2, -err,
				"the loaded rseq_cid module speaks an older netlink protocol (rseqctl needs version %d); load the matching module",
				RSEQ_CID_FAMILY_VERSION);
	case -EPERM:
	case -EACCES:
		return fail_msg(o, 1, -err, "%s: permission denied%s%s", what,
				*kmsg ? ": " : "", kmsg);
	case -ENOENT:
		return fail_msg(o, 1, -err, "%s: %s", what, *kmsg ? kmsg : "no such process");
	case -EPROTO:
		return fail_msg(o, 1, -err, "%s: malformed reply from the kernel", what);
	case -EAGAIN:
		return fail_msg(o, 1, -err, "%s: %s", what,
				"the kernel's answer changed while it was read; try again");
	}
	return fail_msg(o, 1, -err, "%s: %s%s%s", what, strerror(-err),
			*kmsg ? ": " : "", kmsg);
}
