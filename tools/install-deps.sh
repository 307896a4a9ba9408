#!/bin/sh
# Install what mccc needs to build and test on Debian, only if missing.
# Usage: sh tools/install-deps.sh [fuzz]
set -e
PKGS="make gcc flex bison pkg-config libcmocka-dev libgmp-dev libjansson-dev libutf8proc-dev nettle-dev valgrind"
# `install-deps.sh fuzz` also installs what the libFuzzer targets need
[ "${1:-}" = fuzz ] && PKGS="$PKGS clang-14 libclang-rt-14-dev"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
