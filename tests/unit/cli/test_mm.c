// SPDX-License-Identifier: GPL-2.0
/*
 * The mm object: parsing of one message (no fixed sizes, byte-order
 * bitmaps, the spec's order), the reassembly of a dump from continued
 * messages and its rules, hostile comms in text and JSON, and random and
 * mutated payloads (run under ASan and UBSan).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli_test.h"
#include "mm.h"

static char *bufs[64];

/* A message for @pid with a full header, or continued with tasks only. */
static struct nlmsghdr *mm_msg(unsigned int slot, u32 pid, const char *comm, bool continued)
{
	struct nlmsghdr *nlh;
	u8 bitmap[32] = { 0x0f, 0x02 };		/* CIDs 0-3, 9, 255 */
	struct nlattr *nest;

	if (!bufs[slot])
		bufs[slot] = malloc(1 << 20);
	nlh = msg_start(bufs[slot], 0x20);
	bitmap[31] = 0x80;
	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_PID, pid);
	if (continued) {
		mnl_attr_put(nlh, RSEQ_CID_A_MM_CONTINUED, 0, NULL);
		return nlh;
	}
	mnl_attr_put_strz(nlh, RSEQ_CID_A_MM_COMM, comm);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_MODE, RSEQ_CID_MODE_PER_CPU);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_USERS, 9);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_MAX_CIDS, 4);
	mnl_attr_put_u64(nlh, RSEQ_CID_A_MM_TRANSITIONS, 1);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_NR_CPU_IDS, 256);
	mnl_attr_put(nlh, RSEQ_CID_A_MM_CID_BITMAP, sizeof(bitmap), bitmap);
	nest = mnl_attr_nest_start(nlh, RSEQ_CID_A_MM_CPU);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_CPU_ID, 2);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_CPU_CID, 1);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_CPU_STATE, RSEQ_CID_CID_STATE_ON_CPU);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, 200, 1);	/* unknown: skipped */
	return nlh;
}

static int parse(struct nlmsghdr *nlh, struct rc_mm *mm)
{
	size_t len;
	const void *p = msg_attrs(nlh, &len);

	return rc_parse_mm(p, len, mm);
}

static int add(struct rc_mm_list *list, struct nlmsghdr *nlh)
{
	size_t len;
	const void *p = msg_attrs(nlh, &len);

	return rc_mm_list_add(p, len, list);
}

static char *text(int (*fn)(FILE *f, const void *obj), const void *obj)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (fn(f, obj)) {
		fclose(f);
		free(s);
		return NULL;
	}
	fclose(f);
	return s;
}

static unsigned int lines(const char *s)
{
	unsigned int n = 0;

	while (s && *s)
		n += *s++ == '\n';
	return n;
}

static json_t *detail_doc(const void *mm)
{
	return json_doc_with(json_pack("{s:o}", "mm", mm_detail_json(mm)));
}

/* What mm show -j prints (without the newline). */
static char *show_json(const struct rc_mm *mm, bool pretty)
{
	struct opts o = { .json = true, .pretty = pretty };
	json_t *doc = detail_doc(mm);
	char *s = json_render_spliced(&o, doc, mm_task_json, mm, mm->nr_tasks);

	json_decref(doc);
	return s;
}

/*
 * The tasks of @s (mm show -j output) equal @mm's, as a JSON parser reads
 * them: the printed array and jansson's own objects must not differ.
 */
static bool tasks_parse_back(const char *s, const struct rc_mm *mm)
{
	json_t *doc = s ? json_loads(s, 0, NULL) : NULL;
	json_t *tasks = json_object_get(json_object_get(doc, "mm"), "tasks"), *want;
	bool same = json_array_size(tasks) == mm->nr_tasks;
	size_t i;

	for (i = 0; same && i < mm->nr_tasks; i++) {
		const struct rc_task *t = &mm->tasks[i];

		want = json_pack("{s:I, s:o, s:s, s:I, s:b}", "tid", (json_int_t)t->tid,
				 "cid", t->has_cid ? json_integer(t->cid) : json_null(),
				 "state", rseq_cid_state_name(t->state),
				 "cpu", (json_int_t)t->cpu, "running", t->running);
		same = json_equal(json_array_get(tasks, i), want);
		json_decref(want);
	}
	json_decref(doc);
	return same;
}

static void test_one(void)
{
	struct nlmsghdr *nlh = mm_msg(0, 87, "mm_cid_test", false);
	char long_comm[101];
	struct rc_mm mm;
	json_t *j;
	char *s;

	put_task(nlh, 88, -1);
	put_task(nlh, 90, 3);
	check(!parse(nlh, &mm) && mm.pid == 87 && mm.mode == RSEQ_CID_MODE_PER_CPU &&
	      mm.users == 9 && !strcmp(mm.comm, "mm_cid_test") && mm.nr_cpu_ids == 256 &&
	      mm.nr_cpus == 1 && mm.cpus[0].cid == 1 && mm.nr_tasks == 2 &&
	      !mm.tasks[0].has_cid && mm.tasks[1].cid == 3 && !mm.continued, "mm: parse");
	s = show_json(&mm, false);
	check(s && strstr(s, "\"nr_cpu_ids\":256,\"cids\":\"0-3,9,255\"") &&
	      strstr(s, "\"mode\":\"per-cpu\"") &&
	      strstr(s, "\"tasks\":[{\"tid\":88,\"cid\":null,") && tasks_parse_back(s, &mm),
	      "mm: JSON, CIDs from the byte-order bitmap: %s", s ? s : "");
	free(s);
	s = show_json(&mm, true);
	check(s && tasks_parse_back(s, &mm) && lines(s) == 26,
	      "mm: indented JSON, one line per task: %s", s ? s : "");
	free(s);
	s = text(mm_show_text, &mm);
	check(s && strstr(s, "cids 0-3,9,255 (0 in use)\n") && strstr(s, "  task 90 cid 3 (owned)"),
	      "mm: text");
	free(s);
	rc_mm_free(&mm);

	memset(long_comm, 'c', 100);
	long_comm[100] = '\0';
	check(!parse(mm_msg(0, 5, long_comm, false), &mm) && strlen(mm.comm) == 100,
	      "mm: a comm of any length (100 bytes)");
	rc_mm_free(&mm);
}

/* @nr_cpu_ids bits, @len bytes: accepted only when len = DIV_ROUND_UP(bits, 8). */
static int bitmap_msg(u32 nr_cpu_ids, size_t len, bool with_count, struct rc_mm *mm)
{
	struct nlmsghdr *nlh = msg_start(bufs[0], 0x20);
	u8 *bits = calloc(1, len + 1);
	int ret;

	bits[len ? len - 1 : 0] = 0x80;
	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_PID, 1);
	if (with_count)
		mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_NR_CPU_IDS, nr_cpu_ids);
	mnl_attr_put(nlh, RSEQ_CID_A_MM_CID_BITMAP, len, bits);
	free(bits);
	ret = parse(nlh, mm);
	return ret;
}

static void test_bitmap(void)
{
	struct rc_mm mm;
	char *s;

	check(!bitmap_msg(4096, 512, true, &mm) && (s = cidlist(mm.bitmap, mm.nr_cpu_ids)) &&
	      !strcmp(s, "4095"), "mm: 4096 CPUs, no 1024 cap");
	free(s);
	rc_mm_free(&mm);
	check(!bitmap_msg(257, 33, true, &mm), "mm: 257 bits in 33 bytes");
	rc_mm_free(&mm);
	check(bitmap_msg(256, 33, true, &mm) == -EPROTO, "mm: bitmap longer than nr-cpu-ids rejected");
	check(bitmap_msg(256, 8, true, &mm) == -EPROTO, "mm: bitmap shorter than nr-cpu-ids rejected");
	check(bitmap_msg(256, 32, false, &mm) == -EPROTO, "mm: bitmap without nr-cpu-ids rejected");
}

static void test_order(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct rc_mm mm;
	unsigned int i;

	nlh = mm_msg(0, 5, "x", false);
	put_task(nlh, 10, 1);
	put_task(nlh, 9, 2);
	check(parse(nlh, &mm) == -EPROTO, "mm: tasks out of tid order rejected");
	nlh = mm_msg(0, 5, "x", false);
	put_task(nlh, 10, 1);
	put_task(nlh, 10, 2);
	check(parse(nlh, &mm) == -EPROTO, "mm: a task sent twice rejected");
	nlh = mm_msg(0, 5, "x", false);
	put_task(nlh, 0, 1);
	check(parse(nlh, &mm) == -EPROTO, "mm: a task without tid rejected");
	nlh = mm_msg(0, 5, "x", false);
	for (i = 0; i < 2; i++) {
		nest = mnl_attr_nest_start(nlh, RSEQ_CID_A_MM_CPU);
		mnl_attr_put_u32(nlh, RSEQ_CID_A_CPU_ID, 1);
		mnl_attr_nest_end(nlh, nest);
	}
	check(parse(nlh, &mm) == -EPROTO, "mm: cpus out of order rejected");
	nlh = mm_msg(0, 5, "x", true);
	mnl_attr_put_strz(nlh, RSEQ_CID_A_MM_COMM, "y");
	check(parse(nlh, &mm) == -EPROTO, "mm: a continued message with a comm rejected");
	nlh = mm_msg(0, 5, "x", true);
	mnl_attr_put_u32(nlh, 200, 1);
	put_task(nlh, 3, 1);
	check(!parse(nlh, &mm) && mm.continued && mm.nr_tasks == 1,
	      "mm: a continued message with tasks and unknown attributes");
	rc_mm_free(&mm);
	nlh = msg_start(bufs[0], 0x20);
	mnl_attr_put_strz(nlh, RSEQ_CID_A_MM_COMM, "nopid");
	check(parse(nlh, &mm) == -EPROTO, "mm: a message without pid rejected");
	nlh = msg_start(bufs[0], 0x20);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_PID, 5);
	mnl_attr_put_u16(nlh, RSEQ_CID_A_MM_USERS, 5);
	check(parse(nlh, &mm) == -EPROTO, "mm: wrong attribute length rejected");
	nlh = msg_start(bufs[0], 0x20);
	mnl_attr_put_u32(nlh, RSEQ_CID_A_MM_PID, 5);
	mnl_attr_put(nlh, RSEQ_CID_A_MM_COMM, 3, "abc");
	check(parse(nlh, &mm) == -EPROTO, "mm: comm without NUL rejected");
}

/* A process of @nr tasks as a dump sends it: @per tasks per message. */
static unsigned int split(struct rc_mm_list *list, u32 pid, unsigned int nr,
			  unsigned int per, int *ret)
{
	struct nlmsghdr *nlh = NULL;
	unsigned int i, msgs = 0;

	for (i = 0; i < nr && !*ret; i++) {
		if (i % per == 0) {
			if (nlh)
				*ret = add(list, nlh);
			nlh = mm_msg(1, pid, "big", i > 0);
			msgs++;
		}
		put_task(nlh, 1000 + i, i % 4);
	}
	if (!*ret)
		*ret = add(list, nlh);
	return msgs;
}

static void test_merge(void)
{
	struct rc_mm_list list = {};
	struct nlmsghdr *nlh;
	json_t *j;
	char *s;
	unsigned int msgs, i, bad = 0;
	int ret = 0;

	ret = add(&list, mm_msg(0, 10, "first", false));
	msgs = split(&list, 20, 5000, 700, &ret);
	if (!ret)
		ret = add(&list, mm_msg(0, 30, "after", false));
	check(!ret && list.nr == 3 && list.mms[1].nr_tasks == 5000 && msgs == 8 &&
	      list.mms[2].pid == 30, "merge: 5000 tasks in %u messages are one mm, then the next",
	      msgs);
	for (i = 0; i < list.mms[1].nr_tasks; i++)
		bad += list.mms[1].tasks[i].tid != 1000 + i;
	check(!ret && !bad && list.mms[1].comm && !strcmp(list.mms[1].comm, "big") &&
	      list.mms[1].nr_cpu_ids == 256, "merge: every task once, in order, header kept");
	check_alloc_failures("5000-task mm", detail_doc, &list.mms[1]);
	s = show_json(&list.mms[1], false);
	check(tasks_parse_back(s, &list.mms[1]), "merge: mm show -j prints all 5000 tasks");
	free(s);
	free(list.mms[1].comm);
	list.mms[1].comm = strdup(JSON_SPLICE_MARK);
	s = show_json(&list.mms[1], true);
	j = s ? json_loads(s, 0, NULL) : NULL;
	check(list.mms[1].comm && tasks_parse_back(s, &list.mms[1]) &&
	      !strcmp(json_string_value(json_object_get(json_object_get(j, "mm"), "comm")),
		      JSON_SPLICE_MARK), "merge: a comm that spells the splice mark stays a comm");
	json_decref(j);
	free(s);

	nlh = mm_msg(0, 31, "x", true);
	check(add(&list, nlh) == -EPROTO, "merge: continued with a different pid rejected");
	nlh = mm_msg(0, 30, "x", true);
	put_task(nlh, 5, 1);
	check(!add(&list, nlh) && list.mms[2].nr_tasks == 1, "merge: continued of the last mm");
	nlh = mm_msg(0, 30, "x", true);
	put_task(nlh, 5, 1);
	check(add(&list, nlh) == -EPROTO, "merge: continued repeating a task rejected");
	check(add(&list, mm_msg(0, 30, "again", false)) == -EPROTO,
	      "merge: an mm sent twice rejected");
	check(add(&list, mm_msg(0, 29, "back", false)) == -EPROTO,
	      "merge: mms out of pid order rejected");
	rc_mm_list_free(&list);
	check(add(&list, mm_msg(0, 30, "x", true)) == -EPROTO,
	      "merge: a dump starting with a continued message rejected");
	rc_mm_list_free(&list);
}

static void test_hostile(void)
{
	static const char * const comms[] = {
		"evil\n4242     forged          per-cpu         1        1           1",
		"q\"uo'te\\", "bad\xff\xfe\xc3", "tab\there\x1b[2J",
	};
	struct rc_mm_list list = {};
	char *s, *doc;
	struct opts o = {};
	json_t *j, *back;
	unsigned int i;
	int ret = 0;
	FILE *f = out_file("mm.json");

	for (i = 0; i < ARRAY_SIZE(comms) && !ret; i++)
		ret = add(&list, mm_msg(0, 100 + i, comms[i], false));
	s = text(mm_list_text, &list);
	check(!ret && s && lines(s) == 1 + ARRAY_SIZE(comms) && !strstr(s, "\n4242") &&
	      strstr(s, "evil\\n4242") && strstr(s, "q\"uo'te\\\\") &&
	      strstr(s, "bad\\xff\\xfe\\xc3") && strstr(s, "tab\\there\\x1b[2J"),
	      "hostile: text table keeps one row per process, names escaped");
	free(s);
	fprintf(f, "@@DOC unit_mm_list\n");
	j = json_array();
	for (i = 0; i < list.nr; i++)
		json_push(j, mm_summary_json(&list.mms[i]));
	j = json_doc_with(json_pack("{s:o}", "mms", j));
	doc = json_render(&o, j);
	json_decref(j);
	back = doc ? json_loads(doc, 0, NULL) : NULL;
	check(back && json_array_size(json_object_get(back, "mms")) == ARRAY_SIZE(comms) &&
	      !strcmp(json_string_value(json_object_get(json_array_get(json_object_get(back, "mms"), 2), "comm")),
		      "bad\\xff\\xfe\\xc3") &&
	      !strcmp(json_string_value(json_object_get(json_array_get(json_object_get(back, "mms"), 0), "comm")),
		      comms[0]),
	      "hostile: JSON valid, invalid UTF-8 escaped, newline kept as JSON \\n");
	fprintf(f, "%s\n", doc ? doc : "");
	json_decref(back);
	free(doc);
	fprintf(f, "@@DOC unit_mm_show\n");
	doc = show_json(&list.mms[2], false);
	fprintf(f, "%s\n", doc ? doc : "");
	free(doc);
	fclose(f);
	rc_mm_list_free(&list);
}

static void test_random(void)
{
	struct nlmsghdr *nlh = mm_msg(0, 87, "mm_cid_test", false);
	struct rc_mm_list list = {};
	const char *p;
	char *bad = malloc(8192);
	unsigned int i, cut, ok = 0;
	struct rc_mm mm;
	size_t len, n;

	put_task(nlh, 88, -1);
	put_task(nlh, 90, 3);
	p = msg_attrs(nlh, &len);
	for (cut = 1; cut < len; cut++) {
		memcpy(bad, p, cut);
		if (!rc_parse_mm(bad, cut, &mm)) {
			ok++;
			rc_mm_free(&mm);
		}
	}
	check(ok < len / 2, "random: truncated payloads are rejected (%u of %zu parse)", ok, len);

	srand(1);
	for (i = 0; i < 200000; i++) {
		n = rand() % len + 1;
		memcpy(bad, p, len);
		bad[rand() % len] = rand();
		bad[rand() % len] = rand();
		if (i % 2)
			for (cut = 0; cut < n; cut++)
				bad[cut] = rand();
		if (!rc_parse_mm(bad, n, &mm))
			rc_mm_free(&mm);
		if (i % 1000 == 0)
			rc_mm_list_free(&list);
		rc_mm_list_add(bad, n, &list);
	}
	rc_mm_list_free(&list);
	free(bad);
	check(1, "random: 200000 mutated payloads parsed and merged without a fault (ASan)");
}

void test_mm(void)
{
	test_one();
	test_bitmap();
	test_order();
	test_merge();
	test_hostile();
	test_random();
	for (unsigned int i = 0; i < ARRAY_SIZE(bufs); i++)
		free(bufs[i]);
}
