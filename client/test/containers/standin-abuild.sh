#!/bin/sh
# A stand-in for abuild in the test images: it behaves like abuild at the process boundary
# (options, messages, exit codes, packages in $REPODEST) without executing the APKBUILD. It reads
# the APKBUILD as text only. Real abuild runs on users' machines (see the README).
#
# What it understands:
#   abuild [-F] [-r] [-c]   "build": check the arch, install depends/makedepends from the
#                           configured repositories (fails like apk when one cannot be found),
#                           verify sha512sums of local sources, look each command of build() up
#                           on PATH, write a .apk archive (with a .PKGINFO) and update the signed
#                           APKINDEX.tar.gz of $REPODEST/<repo>/<arch> atomically (temp + rename)
#   abuild check_arch       exit 0 when arch= allows $CARCH, 1 otherwise (as abuild)
#
# Dependencies resolve against the packages "installed" in the image (/lib/apk/db/installed)
# and the APKINDEX.tar.gz of each /etc/apk/repositories line whose signature is made with a key in
# /etc/apk/keys (an index signed with another key is ignored, as apk ignores an untrusted one).

set -u
APKBUILD=${APKBUILD:-$PWD/APKBUILD}
# as `apk --print-arch` names the machine
case "$(uname -m)" in
i?86) machine_arch=x86 ;;
armv7l | armv8l) machine_arch=armv7 ;;
armv6l) machine_arch=armhf ;;
*) machine_arch=$(uname -m) ;;
esac
CARCH=${CARCH:-$machine_arch}
REPODEST=${REPODEST:-$HOME/packages}
startdir=$(dirname "$APKBUILD")
repo=$(basename "$(dirname "$startdir")")

value() { # first top-level assignment of $1, quotes removed (no expansion beyond $pkgname/$pkgver)
	sed -n "s/^$1=//p" "$APKBUILD" | head -n 1 | sed 's/^"//; s/"$//; s/^'"'"'//; s/'"'"'$//' |
		sed "s/\$pkgname/${pkgname:-}/g; s/\$pkgver/${pkgver:-}/g; s/\${pkgname}/${pkgname:-}/g; s/\${pkgver}/${pkgver:-}/g"
}
msg() { printf '>>> %s: %s\n' "$pkgname" "$*"; }
warning() { printf '>>> WARNING: %s: %s\n' "$pkgname" "$*"; }
die() { printf '>>> ERROR: %s: %s\n' "$pkgname" "$*"; exit 1; }

[ -f "$APKBUILD" ] || { echo "abuild: $APKBUILD: No such file or directory" >&2; exit 1; }
pkgname=$(value pkgname)
pkgver=$(value pkgver)
pkgrel=$(value pkgrel)
arch=$(value arch)

words() { # the words of a top-level assignment of $1, "..." over several lines or one bare word
	awk -v name="$1" '
		!inside && index($0, name "=") == 1 {
			rest = substr($0, length(name) + 2)
			if (substr(rest, 1, 1) != "\"") { split(rest, w, /[ \t#]/); if (w[1] != "") print w[1]; exit }
			inside = 1
			$0 = substr(rest, 2)
		}
		inside {
			end = index($0, "\"")
			if (end) $0 = substr($0, 1, end - 1)
			n = split($0, w, /[ \t]+/)
			for (i = 1; i <= n; i++) if (w[i] != "") print w[i]
			if (end) exit
		}
	' "$APKBUILD"
}

check_arch() {
	ret=1
	for a in $arch; do
		case "$a" in
		all | noarch) ret=0 ;;
		"$CARCH") ret=0 ;;
		"!$CARCH") return 1 ;;
		esac
	done
	return $ret
}

verify() {
	# every sha512sums line naming a file that exists beside the APKBUILD must match it
	sed -n '/^sha512sums="/,/"$/p' "$APKBUILD" | sed 's/^sha512sums="//; s/"$//' |
		while read -r sum file; do
			[ -n "$file" ] || continue
			if [ -f "$startdir/$file" ]; then
				actual=$(sha512sum "$startdir/$file" | cut -d' ' -f1)
				if [ "$actual" = "$sum" ]; then echo "$file: OK"; else echo "$file: FAILED"; echo FAILED >"$tmp/failed"; fi
			fi
		done
	[ ! -e "$tmp/failed" ] || die "Checksum failed"
}

build() {
	# the commands of build(), one per line, looked up on PATH; an unknown one fails as sh would
	n=0
	inside=0
	while IFS= read -r line; do
		n=$((n + 1))
		case "$line" in
		"build() {"*) inside=1; continue ;;
		"}"*) [ $inside = 1 ] && break ;;
		esac
		[ $inside = 1 ] || continue
		# case "$CARCH" in PATTERN) ... ;; esac: only the arm matching $CARCH (or *) runs
		line=$(printf '%s\n' "$line" | sed 's/^[[:space:]]*//; s/[[:space:]]*;;$//')
		case "$line" in
		'case "$CARCH" in' | 'case $CARCH in') arm=skip; continue ;;
		"esac") arm=; continue ;;
		esac
		if [ -n "${arm:-}" ]; then
			patterns=$(printf '%s\n' "$line" | sed -n 's/^\([^ ()]*\)).*/\1/p')
			if [ -n "$patterns" ]; then
				# as sh: the first matching arm only
				[ "$arm" = skip ] || { arm=done; continue; }
				set -f # the patterns are globs for case, not for file names
				for p in $(echo "$patterns" | tr '|' ' '); do case "$CARCH" in $p) arm=run ;; esac; done
				set +f
				line=$(printf '%s\n' "$line" | sed 's/^[^ ()]*)[[:space:]]*//')
			fi
			[ "$arm" = run ] || continue
		fi
		cmd=$(printf '%s\n' "$line" | cut -d' ' -f1)
		case "$cmd" in
		sleep)
			secs=$(printf '%s\n' "$line" | awk '{print $2}')
			msg "waiting ${secs}s"
			sleep "$secs"
			continue
			;;
		cpu-burn)
			# stands in for compiling: single-threaded CPU work, N shell loop rounds
			rounds=$(printf '%s\n' "$line" | awk '{print $2}')
			i=0
			while [ $i -lt "$rounds" ]; do i=$((i + 1)); done
			msg "burnt $rounds rounds"
			continue
			;;
		"" | "#"* | *=* | cd | if | then | else | fi | for | do | done | case | esac | local | export | return | true | make | ./configure | cmake | meson | ninja | install | default_*) continue ;;
		esac
		if ! command -v "$cmd" >/dev/null 2>&1; then
			echo "$APKBUILD: line $n: $cmd: not found"
			die "build failed"
		fi
	done <"$APKBUILD"
}

# abuild reads its own configuration (never the APKBUILD): the signing key among other things
conf=${ABUILD_USERCONF:-$HOME/.abuild/abuild.conf}
# shellcheck disable=SC1090
[ ! -r "$conf" ] || . "$conf"

available() { # "name version repo pkgname" for every package and provided name in the trusted indexes
	sed -n 's/^[Pp]://p' /lib/apk/db/installed 2>/dev/null | tr ' ' '\n' | sed 's/[=<>~].*//' |
		while read -r name; do [ -z "$name" ] || echo "$name - installed -"; done
	[ -r /etc/apk/repositories ] || return 0
	while read -r line; do
		case "$line" in "" | "#"* | *://*) continue ;; esac
		idx=$line/$CARCH/APKINDEX.tar.gz
		[ -f "$idx" ] || continue
		sig=$(tar -tzf "$idx" 2>/dev/null | grep '^\.SIGN\.RSA\.' | head -n 1)
		key=${sig#.SIGN.RSA.}
		if [ -z "$sig" ] || [ ! -f "/etc/apk/keys/$key" ] ||
			[ "$(tar -xzOf "$idx" "$sig")" != "$(tar -xzOf "$idx" APKINDEX | sha512sum | cut -d' ' -f1)" ]; then
			echo "WARNING: Ignoring $line: UNTRUSTED signature" >&2
			continue
		fi
		tar -xzOf "$idx" APKINDEX | awk -v repo="$line" '
			/^P:/ { p = substr($0, 3) }
			/^V:/ { v = substr($0, 3) }
			/^p:/ { n = split(substr($0, 3), w, " "); for (i = 1; i <= n; i++) { sub(/[=<>~].*/, "", w[i]); extra = extra " " w[i] } }
			/^$/ { if (p != "") { print p, v, repo, p; m = split(extra, w, " "); for (i = 1; i <= m; i++) print w[i], v, repo, p } p = ""; v = ""; extra = "" }
		'
	done </etc/apk/repositories
}

builddeps() { # install depends and makedepends as `abuild -r` does, or fail as apk does
	deps=$( { words depends; words makedepends; } | grep -v '^!' | grep -v '\$' | sed 's/[=<>~].*//')
	msg "Analyzing dependencies..."
	[ -n "$deps" ] || return 0
	msg "Installing for build: $(echo $deps)"
	available >"$tmp/available"
	missing=
	: >"$tmp/install"
	for dep in $deps; do
		found=$(awk -v d="$dep" '$1 == d { print; exit }' "$tmp/available")
		if [ -z "$found" ]; then missing="$missing $dep"; continue; fi
		set -- $found
		[ "$3" = installed ] || grep -qx "$4 $2 $3" "$tmp/install" || echo "$4 $2 $3" >>"$tmp/install"
	done
	if [ -n "$missing" ]; then
		echo "ERROR: unable to select packages:"
		for dep in $missing; do
			printf '  %s (no such package):\n    required by: .makedepends-%s-%s[%s]\n' "$dep" "$pkgname" "$(date +%Y%m%d.%H%M%S)" "$dep"
		done
		die "builddeps failed"
	fi
	total=$(wc -l <"$tmp/install")
	i=0
	while read -r name ver from; do
		i=$((i + 1))
		tar -tzf "$from/$CARCH/$name-$ver.apk" >/dev/null 2>&1 || { echo "ERROR: $name-$ver: failed to read $from/$CARCH/$name-$ver.apk"; die "builddeps failed"; }
		printf '(%d/%d) Installing %s (%s) from %s\n' "$i" "$total" "$name" "$ver" "$from"
	done <"$tmp/install"
}

update_index() { # APKINDEX.tar.gz of every .apk in $1, signed, replaced in one rename
	dir=$1
	[ -n "${PACKAGER_PRIVKEY:-}" ] && [ -f "$PACKAGER_PRIVKEY" ] || die "No private key found (PACKAGER_PRIVKEY); run abuild-keygen"
	work=$tmp/index
	mkdir -p "$work"
	: >"$work/APKINDEX"
	for apk in "$dir"/*.apk; do
		[ -f "$apk" ] || continue
		tar -xzOf "$apk" .PKGINFO 2>/dev/null | awk -v size="$(wc -c <"$apk")" '
			$1 == "pkgname" { p = $3 } $1 == "pkgver" { v = $3 } $1 == "arch" { a = $3 }
			$1 == "depend" { d = d (d == "" ? "" : " ") $3 } $1 == "provides" { q = q (q == "" ? "" : " ") $3 }
			END { if (p == "") exit; print "P:" p; print "V:" v; print "A:" a; print "S:" size; if (d != "") print "D:" d; if (q != "") print "p:" q; print "" }
		' >>"$work/APKINDEX"
	done
	key=$(basename "$PACKAGER_PRIVKEY").pub
	sha512sum "$work/APKINDEX" | cut -d' ' -f1 >"$work/.SIGN.RSA.$key"
	new=$(mktemp "$dir/.APKINDEX.tar.gz.XXXXXX") || die "Failed to create the index in $dir"
	if (cd "$work" && tar -czf "$new" ".SIGN.RSA.$key" APKINDEX) && chmod 0644 "$new" && mv -f "$new" "$dir/APKINDEX.tar.gz"; then return 0; fi
	rm -f "$new"
	die "Failed to update the index of $dir"
}

force=
for opt in "$@"; do [ "$opt" = -F ] && force=1; done
case "${1:-}" in
check_arch) check_arch; exit $? ;;
esac
if [ "$(id -u)" = 0 ] && [ -z "$force" ]; then
	echo ">>> ERROR: $pkgname: Do not run abuild as root"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
msg "Building $repo/$pkgname $pkgver-r$pkgrel (using abuild stand-in 3.14.1-r0) started $(date -R 2>/dev/null || date)"
check_arch || die "Package not available for the target architecture ($CARCH). Aborting."
msg "Checking sanity of $APKBUILD..."
builddeps
msg "Fetching $pkgname-$pkgver"
msg "Checking sha512sums..."
verify
msg "Unpacking sources..."
build
msg "Entering fakeroot..."
dest=$REPODEST/$repo/$CARCH
mkdir -p "$tmp/pkg/usr/share/doc/$pkgname" "$dest" || die "cannot create $dest"
echo "$pkgname $pkgver-r$pkgrel built on $(uname -m)" >"$tmp/pkg/usr/share/doc/$pkgname/BUILT"
{
	echo "pkgname = $pkgname"
	echo "pkgver = $pkgver-r$pkgrel"
	echo "arch = $CARCH"
	for d in $(words depends | grep -v '^!' | grep -v '\$'); do echo "depend = $d"; done
	for p in $(words provides | grep -v '\$'); do echo "provides = $p"; done
} >"$tmp/pkg/.PKGINFO"
out="$dest/$pkgname-$pkgver-r$pkgrel.apk"
part=$(mktemp "$dest/.$pkgname.apk.XXXXXX") || die "Failed to create $out"
if ! (cd "$tmp/pkg" && tar -czf "$part" .PKGINFO usr) || ! chmod 0644 "$part" || ! mv -f "$part" "$out"; then
	rm -f "$part"
	die "Failed to create $out"
fi
msg "Creating $pkgname-$pkgver-r$pkgrel.apk..."
msg "Updating the $repo/$CARCH repository index..."
msg "Signing the index..."
update_index "$dest"
