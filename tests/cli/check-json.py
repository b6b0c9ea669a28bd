#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""check-json.py [--schema-only|--subset] OUTPUT.txt SCHEMA: check rseqctl's JSON.

OUTPUT.txt is what tests/guest/cli-tests.sh sent to the host port:
"@@DOC NAME" lines, each followed by the documents of one command,
"@@PROM NAME" lines followed by Prometheus text, "@@PIDS ..." lines
naming the workloads and "@@EXPECT {json}" lines saying what a document
must show.  Every document must match the schema, every Prometheus text
pass promtool; the named ones must also match the known state.  Prints
TAP lines and exits non-zero on any failure.  --schema-only checks only
the schema (the unit tests' documents); --subset (a plan that runs only
some of cli-tests.sh, e.g. smoke) the schema and the @@EXPECT lines.
"""
import json
import subprocess
import sys

import jsonschema

failed = 0


def tap(ok, what, why=''):
    global failed
    print(('ok' if ok else 'not ok') + ' cli-json: ' + what)
    if not ok:
        failed += 1
        if why:
            print('#   ' + why[:300])


def parse(path):
    """Split the output into {name: [documents]}, {name: prometheus text},
    the pid lines and the expectations."""
    docs, proms, pids, expects, name, text = {}, {}, [], [], None, ''
    # The guest's JSON is UTF-8 (rseqctl escapes what is not); a byte that
    # does not decode fails the schema check as U+FFFD would not match.
    for line in open(path, encoding='utf-8', errors='replace').read().replace('\r', '').split('\n'):
        if line.startswith('@@'):
            if name:
                (docs if name[0] == 'doc' else proms)[name[1]] = text
            name, text = None, ''
            if line.startswith('@@DOC '):
                name = ('doc', line[6:].strip())
            elif line.startswith('@@PROM '):
                name = ('prom', line[7:].strip())
            elif line.startswith('@@PIDS '):
                pids.append([int(p) for p in line[7:].split()])
            elif line.startswith('@@EXPECT '):
                expects.append(json.loads(line[9:]))
            continue
        if name:
            text += line + '\n'
    if name:
        (docs if name[0] == 'doc' else proms)[name[1]] = text
    out = {}
    decoder = json.JSONDecoder()
    for name, text in docs.items():
        objs, pos, text = [], 0, text.strip()
        while pos < len(text):
            obj, end = decoder.raw_decode(text, pos)
            objs.append(obj)
            pos = end
            while pos < len(text) and text[pos].isspace():
                pos += 1
        out[name] = objs
    return out, proms, pids, expects


def escaped(raw):
    """rseqctl's JSON form of a comm (docs/rseqctl.md): a backslash
    doubled, each byte that is not part of valid UTF-8 as \\xNN."""
    out, i = '', 0
    while i < len(raw):
        for n in (1, 2, 3, 4):
            try:
                ch = raw[i:i + n].decode('utf-8')
                break
            except UnicodeDecodeError:
                ch = None
        if ch is None:
            out += '\\x%02x' % raw[i]
            i += 1
        else:
            out += '\\\\' if ch == '\\' else ch
            i += n
    return out


def prom_value(text, metric):
    for line in text.splitlines():
        if line.split(' ')[0] == metric:
            return int(line.split(' ')[1])
    return None


def check_prom(proms):
    for name, text in sorted(proms.items()):
        r = subprocess.run(['promtool', 'check', 'metrics'], input=text.encode(),
                           capture_output=True)
        tap(r.returncode == 0 and text.strip() != '', f'{name}: promtool check metrics',
            (r.stdout + r.stderr).decode(errors='replace'))


def check_expect(e, docs, proms):
    def one(name):
        objs = docs.get(name, [])
        return objs[0] if objs else {}

    if 'counter' in e:
        before, after = (prom_value(proms.get(n, ''), 'rseq_cid_mode_switches_total')
                         for n in e['counter'])
        tap(before is not None and after is not None and after > before,
            f'counter: rseq_cid_mode_switches_total {before} -> {after} grows across an exit')
        tap('# TYPE rseq_cid_transitions gauge' in proms.get(e['counter'][1], ''),
            'counter: the live transitions sum is a gauge')
    elif 'comm_of' in e:
        pid, want = e['comm_of'], escaped(bytes.fromhex(e['hex']))
        listed = [m.get('comm') for m in one('hostile_list').get('mms', []) if m['pid'] == pid]
        shown = one(f'hostile_show_{pid}').get('mm', {}).get('comm')
        tap(listed == [want] and shown == want, f'hostile: comm {e["hex"]} as {want!r}',
            f'list {listed} show {shown!r}')
    elif 'tasks' in e:
        mm = one(e['doc']).get('mm', {})
        tids = [t['tid'] for t in mm.get('tasks', [])]
        tap(mm.get('pid') == e['pid'] and len(tids) == e['tasks'] and
            tids == sorted(set(tids)),
            f'{e["doc"]}: {e["tasks"]} tasks, each once, ascending', f'{len(tids)} tasks')
    elif 'pids' in e:
        listed = [m['pid'] for m in one(e['doc']).get('mms', [])]
        missing = set(e['pids']) - set(listed)
        shown = set(e.get('absent', [])) & set(listed)
        tap(not missing and not shown and listed == sorted(set(listed)),
            f'{e["doc"]}: {len(e["pids"])} processes listed, {len(e.get("absent", []))} hidden, pid order',
            f'missing {sorted(missing)[:10]} shown {sorted(shown)}')


def main():
    args = sys.argv[1:]
    schema_only = args[:1] == ['--schema-only']
    subset = args[:1] == ['--subset']
    if schema_only or subset:
        args = args[1:]
    output, schema_path = args
    validator = jsonschema.Draft7Validator(json.load(open(schema_path)))
    try:
        docs, proms, pids, expects = parse(output)
    except ValueError as e:
        tap(False, 'output parses as JSON', str(e))
        return 1
    for name, objs in sorted(docs.items()):
        tap(len(objs) > 0, f'{name}: has documents')
        for i, obj in enumerate(objs):
            errs = list(validator.iter_errors(obj))
            tap(not errs, f'{name}[{i}]: matches the schema',
                errs[0].message if errs else '')

    check_prom(proms)
    if schema_only:
        return 1 if failed else 0
    for e in expects:
        check_expect(e, docs, proms)
    if subset:
        tap(len(expects) > 0, 'subset: the guest sent expectations')
        return 1 if failed else 0
    hidden = [n for n in docs if n.startswith('unpriv_hidden_')]
    tap(len(hidden) == 3 and all('error' in docs[n][0] for n in hidden if docs[n]),
        'unprivileged: other, setuid and non-dumpable processes give error objects')

    def one(name):
        objs = docs.get(name, [])
        return objs[0] if objs else {}

    for name in ('error_nomodule', 'error_nopid', 'error_eperm'):
        tap('error' in one(name), f'{name}: is an error object')
    tap('load the module' in one('error_nomodule').get('error', {}).get('message', ''),
        'error_nomodule: tells to load the module')

    if pids:
        a, b = pids[0]
        st = one('stats').get('stats', {})
        tap(st.get('mms', 0) >= 2 and st.get('per_cpu_mms', 0) >= 1, 'stats: counts the workloads')
        rs = st.get('rseq') or {}
        tap(rs.get('exit', 0) > 0 and rs.get('fastpath', 0) + rs.get('slowpath', 0) <= rs['exit'],
            'stats: rseq counters present and fastpath + slowpath <= exit', str(rs))
        mms = {m['pid']: m for m in one('mm_list').get('mms', [])}
        tap(mms.get(a, {}).get('mode') == 'per-task' and mms.get(a, {}).get('users') == 3,
            f'mm_list: {a} per-task with 3 users', str(mms.get(a)))
        tap(mms.get(b, {}).get('mode') == 'per-cpu' and mms.get(b, {}).get('users') == 9,
            f'mm_list: {b} per-cpu with 9 users', str(mms.get(b)))
        tap(sorted(mms) == [m['pid'] for m in one('mm_list').get('mms', [])], 'mm_list: pid order')
        ma = one('mm_show_a').get('mm', {})
        tap(ma.get('cids') == '0-2' and len(ma.get('tasks', [])) == 3 and
            all(t['state'] == 'owned' for t in ma.get('tasks', [])),
            'mm_show_a: CIDs 0-2 owned by 3 tasks', str(ma))
        mb = one('mm_show_b').get('mm', {})
        oncpu = [c for c in mb.get('cpus', []) if c['state'] == 'on-cpu']
        # 9 users pinned to the 4 online CPUs: opt = 4, max_cids =
        # min(4 + 1, possible), back to per-task at min(4 - 1, possible / 2).
        possible = mb.get('nr_cpu_ids', 0)
        tap(mb.get('max_cids') == min(5, possible) and mb.get('pcpu_thrs') == min(3, possible // 2) and
            1 <= len(oncpu) <= 4 and
            len({c['cid'] for c in oncpu}) == len(oncpu),
            'mm_show_b: per-cpu, distinct CIDs owned by CPUs', str(mb)[:300])
        ivs = docs.get('stats_interval', [])
        tap(len(ivs) == 2, 'stats_interval: one document per interval')
        tap(all((d['deltas'].get('rseq') or {}).get('exit', 0) > 0 and
                abs(d['rates']['rseq_per_s']['exit'] * d['interval_s'] - d['deltas']['rseq']['exit']) < 1
                for d in ivs if 'deltas' in d),
            'stats_interval: rseq exits grow, rate = delta / interval', str(ivs)[:300])
    if len(pids) > 1:
        p = pids[1][0]
        events = [d['mm'] for d in docs.get('monitor', []) if d.get('mm', {}).get('pid') == p]
        modes = [e['mode'] for e in events]
        tap('per-cpu' in modes and 'per-task' in modes, f'monitor: {p} went per-cpu and back', str(modes))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
