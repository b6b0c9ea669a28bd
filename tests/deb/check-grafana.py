#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""check-grafana.py GRAFANA_DIR STATS_C

Checks rseqctl's Grafana dashboard as installed: valid JSON with a uid,
a Prometheus data source variable and panels whose queries name only
metrics that rseqctl prints (the names in cli/stats.c), and a provisioning
example that points at the directory the dashboard is in.  Prints "ok" or
one line per problem and exits 1.
"""
import json
import os
import re
import sys


def rseqctl_metrics(stats_c):
    src = open(stats_c).read()
    names = set(re.findall(r'\b(rseq_cid_[a-z_]+)\b', src))
    names.update('rseq_%s_total' % c
                 for c in re.findall(r'\[RC_RSEQ_[A-Z]+\] = \{ "([a-z]+)"', src))
    return names


def main():
    gdir, stats_c = sys.argv[1], sys.argv[2]
    problems = []
    known = rseqctl_metrics(stats_c)
    if 'rseq_fastpath_total' not in known or 'rseq_cid_mms_by_mode' not in known:
        problems.append('cannot find the metric names in %s' % stats_c)
    with open(os.path.join(gdir, 'rseq-cid.json')) as f:
        dash = json.load(f)
    if not dash.get('uid') or not dash.get('title'):
        problems.append('dashboard without uid or title')
    variables = {v['name']: v for v in dash.get('templating', {}).get('list', [])}
    ds = variables.get('datasource', {})
    if ds.get('type') != 'datasource' or ds.get('query') != 'prometheus':
        problems.append('no Prometheus data source variable "datasource"')
    ids = [p.get('id') for p in dash.get('panels', [])]
    if not ids or len(set(ids)) != len(ids):
        problems.append('no panels, or panel ids not unique')
    used = set()
    for p in dash.get('panels', []):
        if not p.get('targets'):
            problems.append('panel "%s" has no query' % p.get('title'))
        for t in p.get('targets', []):
            used.update(re.findall(r'\b(rseq_[a-z_]+)\{', t.get('expr', '')))
    for m in sorted(used - known):
        problems.append('dashboard queries %s, which rseqctl does not print' % m)
    for m in ('rseq_cid_mms_by_mode', 'rseq_fastpath_total', 'rseq_cid_mode_switches_total'):
        if m not in used:
            problems.append('dashboard does not show %s' % m)
    prov = open(os.path.join(gdir, 'provisioning', 'rseqctl.yaml')).read()
    want = '/usr/share/rseqctl/grafana'
    if not re.search(r'^\s+path: %s$' % re.escape(want), prov, re.M):
        problems.append('provisioning example does not point at %s' % want)
    print('\n'.join(problems) if problems else 'ok')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
