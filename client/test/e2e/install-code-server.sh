#!/usr/bin/env bash
# Installs code-server (a real VS Code 1.100) outside the repository for the e2e tests, without
# any download other than the npm registry: native modules are rebuilt against the local Node
# headers, and ripgrep comes from Debian. Needs: libkrb5-dev libx11-dev libxkbfile-dev
# libsecret-1-dev ripgrep chromium (see .ci/run). Idempotent: a finished install is kept.
set -euo pipefail

VERSION=4.100.3
DIR="${APKBUILD_CODE_SERVER_DIR:-$HOME/.cache/apkbuild-test/code-server}"
ROOT="$DIR/node_modules/code-server"
STAMP="$DIR/.installed-$VERSION"

if [[ -f "$STAMP" ]]; then
  echo "code-server $VERSION already installed in $DIR"
  exit 0
fi

RG="$(command -v rg || true)"
[[ -n "$RG" ]] || { echo "ripgrep (rg) is required: apt-get install ripgrep" >&2; exit 1; }

# node-gyp would download the headers of this Node; use the installed ones instead.
NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [[ -f "$NODE_PREFIX/include/node/node.h" ]]; then
  export npm_config_nodedir="$NODE_PREFIX"
fi
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

mkdir -p "$DIR"
cd "$DIR"
[[ -f package.json ]] || echo '{"name":"apkbuild-test-code-server","private":true}' > package.json
npm install --no-save --ignore-scripts "code-server@$VERSION"

prepare() { # $1: a directory of code-server holding a package.json with native dependencies
  cd "$1"
  npm install --omit=dev --ignore-scripts
  if [[ -d node_modules/@vscode/ripgrep ]]; then
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp "$RG" node_modules/@vscode/ripgrep/bin/rg
  fi
  npm rebuild
  ln -sfn node_modules node_modules.asar
}

prepare "$ROOT/lib/vscode"
prepare "$ROOT/lib/vscode/extensions"
# argon2 (password hashing, loaded even with --auth none); code-server's own postinstall would
# redo the steps above and refuses to run as root, so only argon2 is rebuilt.
cd "$DIR"
npm rebuild argon2

touch "$STAMP"
echo "code-server $VERSION installed in $DIR"
