#!/usr/bin/env bash
# Sets up what the build tests need on Debian 12, as root: podman with runc, QEMU user emulation
# for aarch64 only (other arches stay unregistered on purpose: one test needs an arch the host
# cannot run), and two local test images made from Debian's busybox-static (amd64 and arm64)
# carrying a stand-in abuild. Idempotent. Nothing is pulled from a registry.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export CONTAINERS_CONF="$here/containers.conf"
export DEBIAN_FRONTEND=noninteractive

need=()
for p in podman runc qemu-user-static; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# binfmt_misc: mount it if needed and register qemu-aarch64 from qemu-user-static's own entry
[ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  cat /usr/lib/binfmt.d/qemu-aarch64.conf > /proc/sys/fs/binfmt_misc/register
fi

# test images: busybox-static rootfs + stand-in abuild, imported per arch. The foreign .debs are
# fetched with their dpkg architecture added only for the download and removed afterwards, so that
# the machine's later `apt-get update`s do not depend on foreign-arch mirrors.
work=$(mktemp -d); chmod 755 "$work"
added=()
cleanup() {
  for a in "${added[@]}"; do dpkg --remove-architecture "$a" || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fetch_deb() { # fetch_deb DEB_ARCH: busybox-static for that arch into $work
  local a=$1
  if [ "$a" != "$(dpkg --print-architecture)" ] && ! dpkg --print-foreign-architectures | grep -qx "$a"; then
    dpkg --add-architecture "$a"
    added+=("$a")
    # a foreign index out of sync on a mirror must not stop the set-up; a missing package still does
    apt-get update -qq || echo "apt-get update reported errors; going on with the indexes it has" >&2
  fi
  (cd "$work" && apt-get download -qq "busybox-static:$a" >/dev/null)
}
# i386 runs natively on an x86_64 kernel (Alpine's x86, under linux32): a second amd64-speed arch
for deb_arch in amd64 arm64 i386; do
  case $deb_arch in amd64) alpine=x86_64 oci=amd64 ;; arm64) alpine=aarch64 oci=arm64 ;; i386) alpine=x86 oci=386 ;; esac
  # tagged with the stamp of this set-up (build-helpers.ts computes the same), so that checkouts
  # with another stand-in on the same machine do not replace each other's images
  stamp=$(cat "$here/setup.sh" "$here/standin-abuild.sh" | sha256sum | cut -c1-16)
  image=localhost/apkbuild-test-base:$alpine-$stamp
  if podman image exists "$image"; then
    podman tag "$image" "localhost/apkbuild-test-base:$alpine"
    continue
  fi
  if ! fetch_deb "$deb_arch"; then
    [ "$deb_arch" = i386 ] || exit 1
    echo "busybox-static:i386 could not be downloaded: no x86 test image (only the benchmark uses it)" >&2
    continue
  fi
  root=$work/root-$deb_arch
  mkdir -p "$root"
  dpkg-deb -x "$work"/busybox-static_*_"$deb_arch".deb "$root"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc/apk/keys,tmp,root,home/builder,var/cache/distfiles,proc,sys,dev}
  chmod 1777 "$root/tmp"
  mv "$root/bin/busybox" "$root/bin/busybox.static" 2>/dev/null || true
  [ -e "$root/bin/busybox.static" ] || cp "$root/usr/bin/busybox" "$root/bin/busybox.static" 2>/dev/null || true
  ln -sf busybox.static "$root/bin/busybox"
  # one link per applet, as Alpine's busybox has them (the static binary lists its own applets)
  for applet in linux32 sh ash cat cp mv rm mkdir ls ln sed grep cut head tail tar gzip date sleep uname \
      sha512sum mktemp dirname basename printf echo chmod chown stat id env true false test nproc \
      find wc tr sort kill ps adduser addgroup su touch readlink expr seq awk tee xargs hostname; do
    ln -sf /bin/busybox "$root/bin/$applet"
  done
  install -m 0755 "$here/standin-abuild.sh" "$root/usr/bin/abuild"
  cat > "$root/usr/bin/abuild-keygen" <<'KEYGEN'
#!/bin/sh
# stand-in for abuild-keygen -a -n: a key pair named after the packager, recorded in abuild.conf
set -e
dir=${ABUILD_USERDIR:-$HOME/.abuild}
mkdir -p "$dir"
name=builder-$(date +%s)-$$
echo "stand-in private key" > "$dir/$name.rsa"
echo "stand-in public key" > "$dir/$name.rsa.pub"
echo "PACKAGER_PRIVKEY=\"$dir/$name.rsa\"" >> "$dir/abuild.conf"
echo ">>> abuild-keygen: Generating $dir/$name.rsa"
KEYGEN
  cat > "$root/usr/bin/sudo" <<'SUDO'
#!/bin/sh
# stand-in for sudo in the test image: [-E] [-u USER] [VAR=value...] command, through busybox su
user=root
while [ $# -gt 0 ]; do case "$1" in -u) user=$2; shift 2 ;; -*) shift ;; *) break ;; esac; done
[ "$user" = root ] && exec env "$@"
exec su -m -s /bin/sh -c 'exec env "$@"' "$user" -- sudo "$@"
SUDO
  chmod 0755 "$root/usr/bin/abuild-keygen" "$root/usr/bin/sudo"
  printf 'root:x:0:0:root:/root:/bin/sh\nbuilder:x:1000:1000:builder:/home/builder:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\nabuild:x:300:builder\nbuilder:x:1000:\n' > "$root/etc/group"
  tar -C "$root" -cf "$work/rootfs-$deb_arch.tar" .
  podman import -q --arch "$oci" --change "LABEL org.apkbuild.test-stamp=$stamp" \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin' --change 'CMD ["/bin/sh"]' \
    "$work/rootfs-$deb_arch.tar" "$image" >/dev/null
  echo "built $image"
done
echo "podman $(podman version --format '{{.Client.Version}}'), binfmt qemu-aarch64: $(head -n1 /proc/sys/fs/binfmt_misc/qemu-aarch64)"
