// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor object: follow the module's mode-switch notifications and
 * print each event, as one text line or one JSON object, flushed at once.
 */
#include <errno.h>
#include <stdlib.h>
#include "cmd.h"
#include "mm.h"

static int event_text(FILE *f, const void *arg)
{
	const struct rc_mm *mm = arg;
	char *comm = str_escape(mm->comm ? mm->comm : "", ESC_TEXT);

	if (!comm)
		return -ENOMEM;
	fprintf(f, "pid %u comm %s mode %s users %u max_cids %u pcpu_thrs %u transitions %llu\n",
		mm->pid, comm, rseq_cid_mode_name(mm->mode), mm->users, mm->max_cids,
		mm->pcpu_thrs, (unsigned long long)mm->transitions);
	free(comm);
	return 0;
}

/* One notification: an mm summary, never a continued message. */
static int event(const void *payload, size_t len, void *arg)
{
	const struct opts *o = arg;
	struct rc_mm mm;
	int ret = rc_parse_mm(payload, len, &mm);

	if (ret)
		return ret;
	if (mm.continued)
		ret = -EPROTO;
	else if (o->json)
		ret = json_print(o, json_doc_with(json_pack("{s:s, s:o}", "event", "mode-change",
							    "mm", mm_summary_json(&mm))));
	else
		ret = text_print(event_text, &mm);
	rc_mm_free(&mm);
	/* A failure to print was reported already: stop with its status. */
	return ret > 0 ? -ECANCELED : ret;
}

int monitor_run(struct nl *nl, const struct cmdline *cl)
{
	int ret = nl_monitor(nl, event, (void *)&cl->o);

	if (ret == -ECANCELED)
		return 1;
	return nl_fail(nl, &cl->o, ret, "monitor");
}
