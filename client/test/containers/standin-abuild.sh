#!/bin/sh
# A stand-in for abuild in the test images: it behaves like abuild at the process boundary
# (options, messages, exit codes, packages in $REPODEST) without executing the APKBUILD. It reads
# the APKBUILD as text only. Real abuild runs on users' machines (see the README).
#
# What it understands:
#   abuild [-F] [-r] [-c]   "build": check the arch, verify sha512sums of local sources,
#                           look each command of build() up on PATH, write a .apk archive
#   abuild check_arch       exit 0 when arch= allows $CARCH, 1 otherwise (as abuild)

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
msg "Fetching $pkgname-$pkgver"
msg "Checking sha512sums..."
verify
msg "Unpacking sources..."
build
msg "Entering fakeroot..."
mkdir -p "$tmp/pkg/usr/share/doc/$pkgname" "$REPODEST/$repo/$CARCH" || die "cannot create $REPODEST/$repo/$CARCH"
echo "$pkgname $pkgver-r$pkgrel built on $(uname -m)" >"$tmp/pkg/usr/share/doc/$pkgname/BUILT"
out="$REPODEST/$repo/$CARCH/$pkgname-$pkgver-r$pkgrel.apk"
(cd "$tmp/pkg" && tar -czf "$out" usr) || die "Failed to create $out"
msg "Creating $pkgname-$pkgver-r$pkgrel.apk..."
msg "Updating the $repo/$CARCH repository index..."
msg "Signing the index..."
