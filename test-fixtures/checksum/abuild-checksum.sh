# The body of abuild.in's checksum() (alpinelinux/abuild), run by server/test/checksum.test.ts to
# derive the expected APKBUILDs: usage: sh abuild-checksum.sh APKBUILD SRCDIR FILE...
# SRCDIR holds what default_fetch links there: one symlink per source, named by filename_from_uri.
APKBUILD=$1; srcdir=$2; shift 2; files="$*"
sed -E -i \
	-e '/^sha[0-9]+sums=".*"$/d' \
	-e '/^sha[0-9]+sums="/,/"$/d' \
	\
	-e "/^sha[0-9]+sums='.*'\$/d" \
	-e "/^sha[0-9]+sums='/,/'\$/d" \
	"$APKBUILD"
sha512sums="$(cd "$srcdir" && sha512sum $files)" || exit 1
printf 'sha512sums="\n%s\n"\n' "$sha512sums" >>"$APKBUILD"
