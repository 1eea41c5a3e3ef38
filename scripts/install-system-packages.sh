#!/usr/bin/env bash
# Installs the Debian packages MediBlock needs, idempotently: nothing is
# fetched when everything is already there.
#   scripts/install-system-packages.sh          what the app needs to build and run
#   scripts/install-system-packages.sh --test   plus what the tests need
set -euo pipefail

# Building native addons from source: better-sqlite3, and keytar, which links
# libsecret (the OS keychain on Linux) and so needs its headers before npm ci.
runtime=(python3 make g++ libsecret-1-dev)
# End-to-end tests drive Debian's Chromium, which needs a font to render text;
# keychain tests run a real gnome-keyring inside a private D-Bus session;
# cloud store tests start PostgreSQL and MariaDB servers of their own in temp
# dirs (the packages' system services are not used).
testing=(chromium fonts-liberation gnome-keyring dbus postgresql mariadb-server)

packages=("${runtime[@]}")
if [[ "${1:-}" == "--test" ]]; then packages+=("${testing[@]}"); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "system packages: all present (${packages[*]})"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
  echo "system packages missing (${missing[*]}); run this script as root" >&2
  exit 2
fi
echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: installed ${missing[*]}"
