// The script the builder image runs as root at the start of every build (/usr/local/bin/apkbuild-run):
// once per container it makes the abuild signing key (kept in a volume), points abuild at a
// per-build config (packager, JOBS) and makes the builder account own what it must write; then it
// makes the packages in REPODEST installable and runs abuild in the package directory as that
// account. It never reads the APKBUILD itself.
export const ENTRY_SCRIPT_PATH = '/usr/local/bin/apkbuild-run';
export const CONTAINER_APORTS = '/home/builder/aports';
export const CONTAINER_REPODEST = '/home/builder/packages';

export const ENTRY_SCRIPT = `#!/bin/sh
set -eu
home=/home/builder
pkgdir="$home/aports/$APKBUILD_PKGDIR"
cfg="$home/.abuild"
echo ">>> apkbuild-run: $APKBUILD_PKGDIR on $(uname -m), JOBS=\${APKBUILD_JOBS:-default}"

# The config volume is shared by every arch's container, and chown -R over it fails when another
# container takes or drops the lock meanwhile: whoever changes it holds the lock (a lock left by a
# build cancelled in between is stale after 30 s).
lock_config() {
	while ! mkdir "$cfg/.lock" 2>/dev/null; do
		age=$(( $(date +%s) - $(stat -c %Y "$cfg/.lock" 2>/dev/null || date +%s) ))
		[ "$age" -lt 30 ] || rmdir "$cfg/.lock" 2>/dev/null || true
		sleep 1
	done
}
unlock_config() {
	rmdir "$cfg/.lock"
}
# The shared ccache volume is handed to the builder account once: later, builds of other arches may
# be writing and removing files in it, which a chown -R would trip over.
own_ccache() {
	[ "$(stat -c %u "$home/.ccache")" = "$(id -u builder)" ] || chown -R builder "$home/.ccache"
}

# once per container (a chain builds several packages in one): key, trust, per-build settings
ready=/tmp/.apkbuild-run-ready
if [ ! -e "$ready" ]; then
mkdir -p "$cfg" /var/cache/distfiles "$home/.ccache" "$home/packages"

# one signing key for every build and arch, made once; several arches may start together
lock_config
if ! grep -q '^PACKAGER_PRIVKEY=' "$cfg/abuild.conf" 2>/dev/null; then
	HOME="$home" ABUILD_USERDIR="$cfg" PACKAGER="\${APKBUILD_PACKAGER:-builder <builder@localhost>}" abuild-keygen -a -n
fi
chown -R builder "$cfg"
unlock_config
cp "$cfg"/*.rsa.pub /etc/apk/keys/ 2>/dev/null || true

# per-build settings, read by abuild after the shared abuild.conf (values stay in variables)
cat > /tmp/apkbuild-abuild.conf <<'CONF'
. /home/builder/.abuild/abuild.conf
[ -z "\${APKBUILD_PACKAGER:-}" ] || PACKAGER="$APKBUILD_PACKAGER"
if [ -n "\${APKBUILD_JOBS:-}" ]; then JOBS="$APKBUILD_JOBS"; MAKEFLAGS="-j$APKBUILD_JOBS"; export JOBS MAKEFLAGS; fi
CONF
own_ccache
chgrp abuild /var/cache/distfiles && chmod 2775 /var/cache/distfiles
touch "$ready"
fi
export ABUILD_USERCONF=/tmp/apkbuild-abuild.conf REPODEST="$home/packages"

# packages built earlier (dependencies, the packages before this one in a chain) are installable
carch=$(apk --print-arch 2>/dev/null || uname -m)
for index in "$home"/packages/*/"$carch"/APKINDEX.tar.gz; do
	[ -e "$index" ] || continue
	repo=\${index%/*/APKINDEX.tar.gz}
	grep -qxF "$repo" /etc/apk/repositories 2>/dev/null || echo "$repo" >> /etc/apk/repositories
done

cd "$pkgdir"
owner=$(stat -c %u .)
if [ "$owner" = 0 ]; then
	# the tree belongs to root here (rootful engine, root-owned checkout): abuild must be forced
	exec abuild -F "$@"
fi
if [ "$(id -u builder)" != "$owner" ]; then
	sed -i "s/^builder:x:[0-9]*:/builder:x:$owner:/" /etc/passwd
	lock_config
	chown -R builder "$cfg"
	unlock_config
	own_ccache
fi
exec sudo -E -u builder HOME="$home" abuild "$@"
`;
