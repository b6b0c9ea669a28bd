#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# modsig.sh verify KO CERT: KO's appended signature (PKCS#7, as
# sign-file writes it) verifies against the certificate CERT (DER or
# PEM), e.g. dkms's /var/lib/dkms/mok.pub.  openssl only.
#
# A signed module ends in the signature, a struct module_signature (12
# bytes, the signature's length big-endian in the last 4) and the magic
# string (28 bytes).
set -euo pipefail

magic='~Module signature appended~'
die() {
	echo "modsig.sh: $*" >&2
	exit 1
}

if [ "${1:-}" != verify ] || [ $# != 3 ]; then
	die "usage: modsig.sh verify KO CERT"
fi
ko=$2
cert=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tail -c 28 "$ko" | cmp -s - <(printf '%s\n' "$magic") || die "$ko: no appended signature"
size=$(stat -c %s "$ko")
siglen=$(tail -c 32 "$ko" | head -c 4 | od -An -tu1 |
	awk '{ print ((($1 * 256 + $2) * 256 + $3) * 256 + $4) }')
datalen=$((size - 28 - 12 - siglen))
[ "$datalen" -gt 0 ] || die "$ko: bad signature length $siglen"
head -c "$datalen" "$ko" > "$tmp/data"
tail -c +$((datalen + 1)) "$ko" | head -c "$siglen" > "$tmp/sig"

openssl x509 -in "$cert" -inform DER -out "$tmp/cert.pem" 2>/dev/null ||
	openssl x509 -in "$cert" -out "$tmp/cert.pem" 2>/dev/null || die "$cert: not a certificate"
# -nointern: the signer must be CERT; -noverify: CERT is self-signed,
# its own trust is not the question.
openssl cms -verify -binary -inform DER -in "$tmp/sig" -content "$tmp/data" \
	-certfile "$tmp/cert.pem" -nointern -noverify -out /dev/null 2> "$tmp/err" ||
	die "$ko: signature does not verify against $cert: $(head -n 1 "$tmp/err")"
