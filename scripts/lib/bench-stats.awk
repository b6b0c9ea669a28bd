# SPDX-License-Identifier: GPL-2.0
#
# bench-stats.awk RESULTS: the markdown tables of scripts/bench-cs.sh.
# RESULTS has one line per measurement, "VARIANT CASE VALUE", VARIANT
# one of stock, patched (legacy registrations), patched-opt (optimized).
#
# The path cases of "csbench paths" are instruction counts of one path
# each and should not move between boots; they get their own table with
# the differences to stock.  Every case gets min / median / max per
# variant, the ratio of the medians to stock, whether the min-max ranges
# overlap, and the two-sided p value of a Mann-Whitney U test against
# stock (normal approximation with continuity correction, no tie
# correction, so slightly conservative; with 10 boots per variant the
# smallest p it can give is about 0.0002).

BEGIN {
	npaths = split("null fault yield switch", paths, " ")
	for (i = 1; i <= npaths; i++)
		is_path[paths[i]] = 1
	nv = split("stock patched patched-opt", var, " ")
}

# sorted values of key into a[1..n]; returns n
function sorted(key, a,   n, i, j, t) {
	n = split(vals[key], a, " ")
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n
}

function median(key,   n, a) {
	n = sorted(key, a)
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

function lo(key,   a) { sorted(key, a); return a[1] }
function hi(key,   a, n) { n = sorted(key, a); return a[n] }

function fmt(x) { return x == int(x) ? sprintf("%d", x) : sprintf("%.1f", x) }

function mmm(key) {
	return fmt(lo(key)) " / " fmt(median(key)) " / " fmt(hi(key))
}

function overlap(k1, k2) {
	return (lo(k1) > lo(k2) ? lo(k1) : lo(k2)) <= (hi(k1) < hi(k2) ? hi(k1) : hi(k2)) ? "yes" : "no"
}

# erfc(x) for x >= 0 (Abramowitz and Stegun 7.1.26, error < 1.5e-7)
function erfc(x,   t, y) {
	t = 1 / (1 + 0.3275911 * x)
	y = 1.421413741 + t * (-1.453152027 + t * 1.061405429)
	return t * (0.254829592 + t * (-0.284496736 + t * y)) * exp(-x * x)
}

# two-sided p value of the Mann-Whitney U test between two samples
function mwu(k1, k2,   a, b, n1, n2, i, j, u, mu, sd, z) {
	n1 = split(vals[k1], a, " ")
	n2 = split(vals[k2], b, " ")
	if (n1 < 2 || n2 < 2)
		return "-"
	for (i = 1; i <= n1; i++)
		for (j = 1; j <= n2; j++)
			u += a[i] + 0 < b[j] + 0 ? 1 : (a[i] + 0 == b[j] + 0 ? 0.5 : 0)
	mu = n1 * n2 / 2
	sd = sqrt(n1 * n2 * (n1 + n2 + 1) / 12)
	z = (u > mu ? u - mu : mu - u) - 0.5
	if (z < 0)
		z = 0
	return sprintf("%.2g", erfc(z / sd / sqrt(2)))
}

{
	key = $1 " " $2
	vals[key] = vals[key] " " $3
	n[key]++
	if (!($2 in seen)) { seen[$2] = 1; order[++ncases] = $2 }
}

END {
	print "Instructions per path (`csbench paths`, medians over the boots; each"
	print "count is the shortest of 30 timed batches; spread = the largest max - min"
	print "over the boots of one variant, 0 where the count repeats exactly):"
	print ""
	print "| path | stock | legacy | legacy - stock | legacy/stock | optimized | optimized - stock | optimized/stock | spread |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	for (c = 1; c <= ncases; c++) {
		p = order[c]
		if (!is_path[p])
			continue
		s = median("stock " p); l = median("patched " p); o = median("patched-opt " p)
		spread = 0
		for (v = 1; v <= nv; v++)
			if (hi(var[v] " " p) - lo(var[v] " " p) > spread)
				spread = hi(var[v] " " p) - lo(var[v] " " p)
		printf "| %s | %.2f | %.2f | %+.2f | %.3f | %.2f | %+.2f | %.3f | %.2f |\n", p, s, l,
			l - s, s ? l / s : 0, o, o - s, s ? o / s : 0, spread
	}
	print ""
	print "Every case, ns (= instructions) per operation over the boots, min / median / max;"
	print "ratio of the medians to stock; whether the min-max range overlaps stock's;"
	print "p: two-sided Mann-Whitney U test against stock:"
	print ""
	print "| case | boots | stock | legacy | legacy/stock | overlap | p | optimized | optimized/stock | overlap | p |"
	print "|---|---:|---:|---:|---:|---|---:|---:|---:|---|---:|"
	for (c = 1; c <= ncases; c++) {
		p = order[c]
		s = "stock " p; l = "patched " p; o = "patched-opt " p
		printf "| %s | %d | %s | %s | %.3f | %s | %s | %s | %.3f | %s | %s |\n", p, n[s],
			mmm(s), mmm(l), median(l) / median(s), overlap(s, l), mwu(s, l),
			mmm(o), median(o) / median(s), overlap(s, o), mwu(s, o)
	}
}
