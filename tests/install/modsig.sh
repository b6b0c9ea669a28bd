#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# modsig.sh: module signatures for the install test, with openssl only.
#
#   modsig.sh verify KO CERT       KO's appended signature (PKCS#7, as
#                                  sign-file writes it) verifies against
#                                  the certificate CERT (DER or PEM), e.g.
#                                  dkms's /var/lib/dkms/mok.pub
#   modsig.sh strip KO OUT         OUT: KO without its signature
#   modsig.sh vouch CERT KEY OUT   OUT (DER): a certificate for CERT's key
#                                  that the kernel whose build key is KEY
#                                  (kbuild's certs/signing_key.pem, key and
#                                  certificate) accepts into its
#                                  .secondary_trusted_keys keyring
#
# A signed module ends in the signature, a struct module_signature (12
# bytes, the signature's length big-endian in the last 4) and the magic
# string (28 bytes).  sign-file names the signer by issuer and serial,
# so the vouching certificate keeps CERT's issuer name, serial and key
# and only changes who signed it (the authority key identifier): the
# stand-in for MOK enrolment on a machine without UEFI Secure Boot.
# It is signed with sha512, the hash the kernel has built in for module
# signatures (MODULE_SIG_SHA512); with another one add_key fails with
# ENOPKG ("Package not installed").
set -euo pipefail

magic='~Module signature appended~'
die() {
	echo "modsig.sh: $*" >&2
	exit 1
}

# split KO DATA SIG
split() {
	local size siglen datalen
	tail -c 28 "$1" | cmp -s - <(printf '%s\n' "$magic") || die "$1: no appended signature"
	size=$(stat -c %s "$1")
	siglen=$(tail -c 32 "$1" | head -c 4 | od -An -tu1 |
		awk '{ print ((($1 * 256 + $2) * 256 + $3) * 256 + $4) }')
	datalen=$((size - 28 - 12 - siglen))
	[ "$datalen" -gt 0 ] || die "$1: bad signature length $siglen"
	head -c "$datalen" "$1" > "$2"
	tail -c +$((datalen + 1)) "$1" | head -c "$siglen" > "$3"
}

# pem CERT OUT: CERT (DER or PEM) as PEM
pem() {
	openssl x509 -in "$1" -inform DER -out "$2" 2>/dev/null ||
		openssl x509 -in "$1" -out "$2" 2>/dev/null || die "$1: not a certificate"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case "${1:-}" in
verify)
	[ $# = 3 ] || die "usage: modsig.sh verify KO CERT"
	split "$2" "$tmp/data" "$tmp/sig"
	pem "$3" "$tmp/cert.pem"
	# -nointern: the signer must be CERT; -noverify: CERT is
	# self-signed, its own trust is not the question.
	openssl cms -verify -binary -inform DER -in "$tmp/sig" -content "$tmp/data" \
		-certfile "$tmp/cert.pem" -nointern -noverify -out /dev/null 2> "$tmp/err" ||
		die "$2: signature does not verify against $3: $(head -n 1 "$tmp/err")"
	;;
strip)
	[ $# = 3 ] || die "usage: modsig.sh strip KO OUT"
	split "$2" "$3" "$tmp/sig"
	;;
vouch)
	[ $# = 4 ] || die "usage: modsig.sh vouch CERT KEY OUT"
	pem "$2" "$tmp/cert.pem"
	issuer=$(openssl x509 -in "$tmp/cert.pem" -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//')
	serial=$(openssl x509 -in "$tmp/cert.pem" -noout -serial | sed 's/^serial=//')
	# A CA certificate with KEY's key and CERT's issuer name, so that
	# openssl writes that name as the issuer; its key identifier is
	# the one of KEY's own certificate, which the kernel looks up.
	openssl req -new -x509 -key "$3" -subj "/${issuer//,//}" -days 2 \
		-addext "subjectKeyIdentifier=hash" -out "$tmp/ca.pem" 2> "$tmp/err" ||
		die "$3: $(head -n 1 "$tmp/err")"
	printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=digitalSignature" \
		"subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid:always" > "$tmp/ext"
	openssl x509 -in "$tmp/cert.pem" -clrext -CA "$tmp/ca.pem" -CAkey "$3" -set_serial "0x$serial" \
		-days 2 -sha512 -extfile "$tmp/ext" -outform DER -out "$4" 2> "$tmp/err" ||
		die "$2: $(head -n 1 "$tmp/err")"
	;;
*)
	die "usage: modsig.sh verify KO CERT | strip KO OUT | vouch CERT KEY OUT"
	;;
esac
