#!/usr/bin/env bash
# Makes sure the real components the tests start are installed: Debian's OCI registry (docker-registry),
# skopeo, and htpasswd (apache2-utils). Installs them with apt-get when missing and running as root.
set -euo pipefail
missing=()
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-setup: installing ${missing[*]} from Debian (needed by the registry tests)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "test-setup: ${missing[*]} not installed and not root: registry tests will be skipped. Install them with: sudo apt-get install -y ${missing[*]}" >&2
  [ -z "${CI:-}" ] || exit 2
fi
