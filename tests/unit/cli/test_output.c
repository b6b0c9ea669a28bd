// SPDX-License-Identifier: GPL-2.0
/*
 * Output helpers: escaping of names from the kernel (table rows cannot be
 * forged, JSON is always valid, and the escape is reversible), CID lists
 * of any length, and JSON that is complete or an error under allocation
 * failures.
 */
#include <stdlib.h>
#include <string.h>
#include "cli_test.h"
#include "output.h"

static bool escapes_to(const char *in, enum esc_mode mode, const char *want)
{
	char *s = str_escape(in, mode);
	bool ok = s && !strcmp(s, want);

	if (!ok)
		printf("#   escape got '%s' want '%s'\n", s ? s : "(null)", want);
	free(s);
	return ok;
}

static int hex(char c)
{
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* The bytes back from an escaped name; NULL if it is not a valid escape. */
static char *unescape(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	while (*s) {
		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		s++;
		if (*s == '\\' || *s == 'n' || *s == 't') {
			*o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : '\\';
			s++;
		} else if (*s == 'x' && s[1] && s[2]) {
			*o++ = hex(s[1]) * 16 + hex(s[2]);
			s += 3;
		} else {
			free(out);
			return NULL;
		}
	}
	*o = '\0';
	return out;
}

static void test_escape(void)
{
	unsigned int i, n, bad_json = 0, bad_text = 0, lossy = 0;
	char in[64], *j, *t, *back;
	json_t *str;

	check(escapes_to("plain name", ESC_TEXT, "plain name"), "escape: plain text unchanged");
	check(escapes_to("a\nb\tc", ESC_TEXT, "a\\nb\\tc"), "escape: text newline and tab");
	check(escapes_to("a\nb", ESC_JSON, "a\nb"), "escape: JSON leaves newline to JSON");
	check(escapes_to("a\\b", ESC_TEXT, "a\\\\b") && escapes_to("a\\b", ESC_JSON, "a\\\\b"),
	      "escape: backslash doubled");
	check(escapes_to("\x01\x1b[31m\x7f", ESC_TEXT, "\\x01\\x1b[31m\\x7f"),
	      "escape: text control characters and DEL as \\xNN");
	check(escapes_to("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", ESC_JSON,
			 "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") &&
	      escapes_to("caf\xc3\xa9", ESC_TEXT, "caf\xc3\xa9"), "escape: valid UTF-8 kept");
	check(escapes_to("a\xff\xfe", ESC_JSON, "a\\xff\\xfe"), "escape: invalid bytes as \\xNN");
	check(escapes_to("\xc0\xaf", ESC_JSON, "\\xc0\\xaf"), "escape: overlong form rejected");
	check(escapes_to("\xed\xa0\x80", ESC_JSON, "\\xed\\xa0\\x80"), "escape: surrogate rejected");
	check(escapes_to("\xf4\x90\x80\x80", ESC_JSON, "\\xf4\\x90\\x80\\x80"),
	      "escape: above U+10FFFF rejected");
	check(escapes_to("ab\xe2\x82", ESC_JSON, "ab\\xe2\\x82"), "escape: cut sequence at the end");
	check(escapes_to("\xc2\x85x", ESC_TEXT, "\\xc2\\x85x") &&
	      escapes_to("\xc2\x85x", ESC_JSON, "\xc2\x85x"), "escape: C1 control only in text");

	/* Random names: JSON takes every escape, text has no control byte, both reverse. */
	srand(7);
	for (i = 0; i < 20000; i++) {
		n = rand() % 16;
		for (unsigned int k = 0; k < n; k++)
			in[k] = rand() % 8 ? 1 + rand() % 255 : "\\\n\xc3\xa9\xe2\x82\xac"[rand() % 7];
		in[n] = '\0';
		j = str_escape(in, ESC_JSON);
		t = str_escape(in, ESC_TEXT);
		str = json_string(j);
		bad_json += !str;
		json_decref(str);
		for (unsigned int k = 0; t[k]; k++)
			bad_text += (unsigned char)t[k] < 0x20 || t[k] == 0x7f;
		back = unescape(j);
		lossy += !back || strcmp(back, in);
		free(back);
		back = unescape(t);
		lossy += !back || strcmp(back, in);
		free(back);
		free(j);
		free(t);
	}
	check(!bad_json, "escape: 20000 random names are valid JSON strings (%u not)", bad_json);
	check(!bad_text, "escape: no control byte in text (%u seen)", bad_text);
	check(!lossy, "escape: reversible, nothing lost (%u differ)", lossy);
}

static bool cidlist_is(const u8 *bits, unsigned int nbits, const char *want)
{
	char *s = cidlist(bits, nbits);
	bool ok = s && !strcmp(s, want);

	free(s);
	return ok;
}

static void test_cidlist(void)
{
	u8 bits[512] = {};
	char *s;

	check(cidlist_is(bits, 32, ""), "cidlist: empty");
	bits[0] = 0x0f;
	bits[1] = 0x01;
	check(cidlist_is(bits, 32, "0-3,8"), "cidlist: 0-3,8 (bit n of byte n / 8)");
	memset(bits, 0, sizeof(bits));
	bits[0] = 0xea;		/* 1,3,5,6,7 */
	bits[3] = 0x80;		/* 31 */
	check(cidlist_is(bits, 32, "1,3,5-7,31"), "cidlist: 1,3,5-7,31");
	check(cidlist_is(bits, 30, "1,3,5-7"), "cidlist: bits past nbits ignored");
	memset(bits, 0xff, sizeof(bits));
	check(cidlist_is(bits, 4096, "0-4095"), "cidlist: 4096 CIDs, no 1024 cap");
	memset(bits, 0x55, sizeof(bits));
	s = cidlist(bits, 4096);
	check(s && strlen(s) > 8000 && !strncmp(s, "0,2,4,", 6) &&
	      !strcmp(s + strlen(s) - 5, ",4094"), "cidlist: 2048 ranges in full, never cut");
	free(s);
}

/* Allocation that fails from the @fail_at-th call on. */
static long allocs, fail_at = -1;

static void *failing_malloc(size_t n)
{
	if (fail_at >= 0 && allocs >= fail_at)
		return NULL;
	allocs++;
	return malloc(n);
}

/*
 * The document @build makes from @arg, under allocation failure at every
 * point: the complete document or NULL, never a part of it.
 */
void check_alloc_failures(const char *what, json_t *(*build)(const void *arg), const void *arg)
{
	unsigned int failures = 0, wrong = 0;
	struct opts o = {};
	long total, step;
	char *want, *got;
	json_t *doc;

	/* Count the allocations of a good run; fail at ~400 points spread over them. */
	json_set_alloc_funcs(failing_malloc, free);
	allocs = 0;
	fail_at = -1;
	doc = build(arg);
	want = json_render(&o, doc);
	json_decref(doc);
	total = allocs;
	step = total / 400 + 1;
	for (fail_at = 0; want && fail_at < total; fail_at += step) {
		allocs = 0;
		doc = build(arg);
		got = json_render(&o, doc);
		json_decref(doc);
		if (!got)
			failures++;
		else if (strcmp(got, want))
			wrong++;
		free(got);
	}
	fail_at = -1;
	json_set_alloc_funcs(malloc, free);
	check(want && failures > 0 && !wrong,
	      "json: %s: allocation failures at %u of %ld points give no document, never a partial one (%u did)",
	      what, failures, total, wrong);
	free(want);
}

static json_t *escaped_doc(const void *arg)
{
	char *comm = str_escape(arg, ESC_JSON);
	json_t *doc = json_doc_with(json_pack("{s:s?}", "comm", comm));

	free(comm);
	return doc;
}

static void test_json(void)
{
	struct opts o = {};
	json_t *doc = escaped_doc("x\xff\n");
	char *s = json_render(&o, doc);

	check(s && !strcmp(s, "{\"schema_version\":2,\"comm\":\"x\\\\xff\\n\"}"),
	      "json: schema version first, escaped comm: %s", s);
	free(s);
	json_decref(doc);
	check_alloc_failures("escaped comm", escaped_doc, "a\xff" "b\n");
	check(!json_doc_with(NULL) && !json_render(&o, NULL), "json: a missing body is an error");
	check(!json_pack("{s:s}", "comm", "\xff"),
	      "json: jansson refuses invalid UTF-8 (so comm is escaped first)");
}

void test_output(void)
{
	test_escape();
	test_cidlist();
	test_json();
}
